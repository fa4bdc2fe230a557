import AccessPolicy
import APIKeys
import HTTPTypes

/// Where each operation is served: the one table the router, the deployment route and the v1 route read.
struct OperationEndpoint: Sendable, Hashable {
    var operation: GatewayOperation
    /// After `/openai/deployments/{deployment}/` on the Azure OpenAI data plane.
    var deploymentSuffix: String
    /// The OpenAI v1 path, where the body's `model` names the deployment.
    var v1Path: String
    var method: HTTPRequest.Method

    /// Every HTTP operation the gateway serves, in `GatewayOperation` order (`realtime` is a WebSocket: see
    /// `RealtimeRoute`).
    static let all: [OperationEndpoint] = [
        OperationEndpoint(operation: .chat, deploymentSuffix: "chat/completions", v1Path: "/openai/v1/chat/completions", method: .post),
        OperationEndpoint(operation: .completions, deploymentSuffix: "completions", v1Path: "/openai/v1/completions", method: .post),
        OperationEndpoint(operation: .embeddings, deploymentSuffix: "embeddings", v1Path: "/openai/v1/embeddings", method: .post),
    ]

    /// The endpoint of `operation`.
    static func of(_ operation: GatewayOperation) -> OperationEndpoint {
        // Every HTTP operation has its row: `all` lists GatewayOperation.allCases but realtime (checked by a test).
        all.first { $0.operation == operation }!
    }

    /// The router's pattern for the deployment route.
    var deploymentPattern: String { "/openai/deployments/{deployment}/\(deploymentSuffix)" }

    /// The upstream path of the deployment route for `deployment`.
    func deploymentPath(_ deployment: String) -> String { "/openai/deployments/\(deployment)/\(deploymentSuffix)" }
}
