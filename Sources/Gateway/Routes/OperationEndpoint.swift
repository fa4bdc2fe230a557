import AccessPolicy
import APIKeys
import HTTPTypes

/// Where each deployment-bound call is served: the one table the router, the deployment route and the v1 route read.
/// An operation may have several rows (images: generations and edits); a row without a deployment suffix has no
/// `/openai/deployments/{deployment}/…` route (Azure serves the Responses API only on v1).
struct OperationEndpoint: Sendable, Hashable {
    /// How the request body names the deployment on the v1 route, and how the guards read it.
    enum BodyFormat: Sendable, Hashable {
        /// A JSON object with `model`.
        case json
        /// `multipart/form-data` with a `model` field (uploads: image edits, audio).
        case multipart
    }

    var operation: GatewayOperation
    /// After `/openai/deployments/{deployment}/` on the Azure OpenAI data plane; nil when Azure has no such route.
    var deploymentSuffix: String?
    /// The path where the body's `model` names the deployment: OpenAI v1, or the Azure AI Foundry model inference API.
    var v1Path: String
    var method: HTTPRequest.Method = .post
    var body: BodyFormat = .json

    /// Every deployment-bound call the gateway serves; every operation but the object-only and realtime ones has one.
    static let all: [OperationEndpoint] = [
        OperationEndpoint(operation: .chat, deploymentSuffix: "chat/completions", v1Path: "/openai/v1/chat/completions"),
        OperationEndpoint(operation: .completions, deploymentSuffix: "completions", v1Path: "/openai/v1/completions"),
        OperationEndpoint(operation: .embeddings, deploymentSuffix: "embeddings", v1Path: "/openai/v1/embeddings"),
        OperationEndpoint(operation: .responses, deploymentSuffix: nil, v1Path: "/openai/v1/responses"),
        // Azure's preview surface (`?api-version=`), the model in the body as on v1.
        OperationEndpoint(operation: .responses, deploymentSuffix: nil, v1Path: "/openai/responses"),
        OperationEndpoint(operation: .images, deploymentSuffix: "images/generations", v1Path: "/openai/v1/images/generations"),
        OperationEndpoint(operation: .images, deploymentSuffix: "images/edits", v1Path: "/openai/v1/images/edits", body: .multipart),
        OperationEndpoint(
            operation: .audio, deploymentSuffix: "audio/transcriptions", v1Path: "/openai/v1/audio/transcriptions", body: .multipart),
        OperationEndpoint(
            operation: .audio, deploymentSuffix: "audio/translations", v1Path: "/openai/v1/audio/translations", body: .multipart),
        OperationEndpoint(operation: .audio, deploymentSuffix: "audio/speech", v1Path: "/openai/v1/audio/speech"),
        // Azure AI Foundry model inference: the model in the body, no deployment route.
        OperationEndpoint(operation: .chat, deploymentSuffix: nil, v1Path: "/models/chat/completions"),
        OperationEndpoint(operation: .embeddings, deploymentSuffix: nil, v1Path: "/models/embeddings"),
    ]

    /// The first endpoint of `operation`; nil for operations served only by object or realtime routes.
    static func of(_ operation: GatewayOperation) -> OperationEndpoint? {
        all.first { $0.operation == operation }
    }

    /// The router's pattern for the deployment route, when there is one.
    var deploymentPattern: String? { deploymentSuffix.map { "/openai/deployments/{deployment}/\($0)" } }

    /// The upstream path of the deployment route for `deployment`.
    func deploymentPath(_ deployment: String) -> String { "/openai/deployments/\(deployment)/\(deploymentSuffix ?? "")" }

    /// True when the answer is text the completion guards can read (not an image, audio or embedding).
    var answersWithText: Bool { operation == .chat || operation == .completions || operation == .responses }
}
