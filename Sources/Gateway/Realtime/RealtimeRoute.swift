import AccessPolicy
import Foundation
import Hummingbird

/// The two realtime paths and what a realtime upgrade names in its query: the deployment (`deployment=` on the Azure
/// path, `model=` on v1), the credential browsers send there, and the query sent upstream without that credential.
enum RealtimeRoute {
    /// Azure OpenAI's realtime path; `api-version` and `deployment` are required.
    static let azurePath = "/openai/realtime"
    /// The OpenAI v1 realtime path; `model` names the deployment.
    static let v1Path = "/openai/v1/realtime"
    /// Query parameters that carry a client's credential: read by the gateway, never sent upstream.
    static let credentialParameters: Set<String> = ["api-key", "openai-insecure-api-key"]

    /// The route for an upgrade to `path` with `query` (its raw text).
    static func resolve(path: String, query: String) throws(GatewayError) -> InferenceRoute {
        let items = parameters(query)
        let deployment: String?
        if path == v1Path {
            deployment = items.last { $0.name == "model" }?.value
            guard let deployment, !deployment.isEmpty else {
                throw GatewayError(.badRequest, code: .missingModel, "The realtime URL must name the deployment in 'model'.")
            }
        } else {
            guard items.contains(where: { $0.name == "api-version" }) else {
                throw GatewayError(.badRequest, code: .missingAPIVersion, "Missing required query parameter: api-version.")
            }
            deployment = items.last { $0.name == "deployment" }?.value
            guard let deployment, !deployment.isEmpty else {
                throw GatewayError(.badRequest, code: .missingDeployment, "The realtime URL must name the deployment in 'deployment'.")
            }
        }
        guard let deployment, InferenceRoute.validDeploymentName(deployment) else {
            throw GatewayError(
                .badRequest, code: .invalidDeployment, "The deployment name may contain only letters, digits, '-', '_' and '.'.")
        }
        let forwarded = upstreamQuery(query)
        return InferenceRoute(
            deployment: deployment, operation: .realtime, upstreamPath: path + (forwarded.isEmpty ? "" : "?\(forwarded)"))
    }

    /// The query's parameters, names and values percent-decoded (`+` is a space, as forms write it).
    static func parameters(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The query as sent upstream: the client's own, less any credential parameter.
    static func upstreamQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return !credentialParameters.contains((String(name).removingPercentEncoding ?? String(name)).lowercased())
        }.joined(separator: "&")
    }
}

extension InferenceExchange {
    /// A realtime upgrade: operation `realtime`, no HTTP endpoint row and no stored object; the route comes from the URL
    /// (``RealtimeRouteResolution``).
    init(realtimeUpgrade request: Request, record: ExchangeRecord) {
        self.request = request
        operation = .realtime
        endpoint = nil
        object = nil
        routeKind = .v1
        self.record = record
    }
}
