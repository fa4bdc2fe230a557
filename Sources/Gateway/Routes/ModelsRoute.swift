import AccessPolicy
import Foundation
import GatewayConfig
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /openai/v1/models` (and `/models/{model}`), answered from the configuration without asking an upstream: the
/// configured deployments the caller may use, each only when a grant of the caller's allows it for some operation,
/// its conditions hold (client network, MFA), and an upstream serving it is in a region that grant allows. Audited as
/// operation `models`.
struct ModelsRoute: Sendable {
    let configuration: GatewayConfiguration
    /// Authentication and the suspension check.
    let pipeline: InferencePipeline
    let trustedProxies: [IPNetwork]
    /// Each call is audited and counted as operation `models`.
    let recorder: RequestRecorder

    /// The list, or one model; `model` nil for the list.
    func answer(_ request: Request, context: GatewayRequestContext, model: String?) async -> Response {
        let clientIP = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: HTTPField.Name("x-forwarded-for")!],
            trustedProxies: trustedProxies)
        var record = ExchangeRecord(requestID: context.id, operation: .chat, clientIP: clientIP, started: .now)
        record.callName = "models"
        var exchange = InferenceExchange(request: request, endpoint: OperationEndpoint.all[0], routeKind: .v1, record: record)
        do throws(GatewayError) {
            try await pipeline.run(&exchange)
        } catch {
            let response = error.response()
            await recorder.record(
                exchange.record, status: response.status.code, outcome: .refused(error.code), relayed: nil, logger: context.logger)
            return response
        }
        let response = answer(for: exchange, clientIP: clientIP, model: model)
        await recorder.record(
            exchange.record, status: response.status.code,
            outcome: response.status == .ok ? .allowed : .refused(.deploymentNotFound), relayed: nil, logger: context.logger)
        return response
    }

    private func answer(for exchange: InferenceExchange, clientIP: String?, model: String?) -> Response {
        let names = Self.deployments(for: exchange.authenticated(), clientIP: clientIP, configuration: configuration)
        let payload: JSONOutput
        if let model {
            guard let name = names.first(where: { DeploymentName.same($0, model) }) else {
                return GatewayError(.notFound, code: .deploymentNotFound, "The model '\(model.prefix(64))' does not exist.").response()
            }
            payload = Self.entry(name)
        } else {
            payload = ["object": "list", "data": .array(names.map(Self.entry))]
        }
        let bytes = payload.bytes
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The configured deployments `identity` may use from `clientIP`, sorted, each once (case-insensitively).
    static func deployments(for identity: ClientIdentity, clientIP: String?, configuration: GatewayConfiguration) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for upstream in configuration.upstreams {
            for deployment in upstream.deployments where !seen.contains(deployment.lowercased()) {
                let allowed = identity.grants.contains { grant in
                    GatewayOperation.allCases.contains { grant.allows(deployment: deployment, operation: $0) }
                        && AccessDecision.conditionFailure(grant, identity: identity, clientIP: clientIP) == nil
                        && configuration.upstreams(serving: deployment).contains { Geography.allows(grant.regions, region: $0.region) }
                }
                guard allowed else { continue }
                seen.insert(deployment.lowercased())
                names.append(deployment)
            }
        }
        return names.sorted()
    }

    private static func entry(_ name: String) -> JSONOutput {
        ["id": .string(name), "object": "model", "created": 0, "owned_by": "bulwark"]
    }
}
