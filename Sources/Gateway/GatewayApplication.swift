public import APIKeys
public import AsyncHTTPClient
public import Foundation
public import GatewayConfig
public import Hummingbird
public import Logging

/// The gateway's HTTP surface: the Azure OpenAI data plane and v1 routes, behind key authentication,
/// authorisation and data-residency routing.
public struct GatewayApplication: Sendable {
    public let configuration: GatewayConfiguration
    let authenticator: ClientAuthenticator
    let forwarder: UpstreamForwarder

    public init(configuration: GatewayConfiguration, keyStore: APIKeyStore, httpClient: HTTPClient, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.configuration = configuration
        self.authenticator = ClientAuthenticator(store: keyStore)
        self.forwarder = UpstreamForwarder(client: httpClient, environment: environment)
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/healthz") { _, _ in "ok" }
        for operation in GatewayOperation.allCases {
            let suffix = operation == .chat ? "chat/completions" : operation.rawValue
            router.post("/openai/deployments/{deployment}/\(suffix)") { request, context in
                let deployment = try context.parameters.require("deployment")
                return await handle(request, operation: operation) { (_: ByteBuffer) throws(GatewayError) -> InferenceRoute in
                    try InferenceRoute.deploymentRoute(deployment: deployment, operation: operation, query: request.uri.query ?? "")
                }
            }
            router.post("/openai/v1/\(suffix)") { request, _ in
                await handle(request, operation: operation) { (body: ByteBuffer) throws(GatewayError) -> InferenceRoute in
                    try InferenceRoute.v1Route(operation: operation, body: Data(buffer: body), query: request.uri.query ?? "")
                }
            }
        }
        return router
    }

    /// Authenticate, read the (bounded) body, route, authorise, pick an upstream in an allowed region, forward.
    func handle(_ request: Request, operation: GatewayOperation, route makeRoute: (ByteBuffer) throws(GatewayError) -> InferenceRoute) async -> Response {
        do throws(GatewayError) {
            let identity = try authenticator.authenticate(request.headers)
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: configuration.maximumBodyBytes)
            } catch {
                throw GatewayError(.contentTooLarge, code: "body_too_large", "The request body is larger than \(configuration.maximumBodyBytes) bytes.")
            }
            let route = try makeRoute(body)
            guard identity.scope.allows(deployment: route.deployment, operation: operation) else {
                let code = identity.scope.operations.contains(operation) ? "deployment_not_allowed" : "operation_not_allowed"
                throw GatewayError(.forbidden, code: code, "Key \(identity.prefix) may not call \(operation.rawValue) on deployment '\(route.deployment)'.")
            }
            let candidates = configuration.upstreams(serving: route.deployment)
            guard !candidates.isEmpty else {
                throw GatewayError(.notFound, code: "DeploymentNotFound", "The API deployment for this resource does not exist.")
            }
            guard let upstream = candidates.first(where: { Geography.allows(identity.scope.regions, region: $0.region) }) else {
                throw GatewayError(.forbidden, code: "region_not_allowed", "No upstream for '\(route.deployment)' is in a region key \(identity.prefix) allows (\(identity.scope.regions.joined(separator: ", "))).")
            }
            return try await forwarder.forward(body, headers: request.headers, route: route, to: upstream)
        } catch {
            return error.response()
        }
    }

    /// The application listening where the configuration says.
    public func application(logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.listener.host, port: configuration.listener.port), serverName: "bulwark-gateway"),
            logger: logger
        )
    }
}
