import APIKeys
import Foundation

/// What a client asked for: the deployment, the operation, and the path and query to send upstream.
struct InferenceRoute: Sendable, Hashable {
    var deployment: String
    var operation: GatewayOperation
    /// Path and query, as the upstream receives them.
    var upstreamPath: String

    /// `/openai/deployments/{deployment}/{operation}` (Azure OpenAI data plane, `?api-version=` required).
    /// Azure deployment names: letters, digits, `-`, `_` and `.`. Anything else (an encoded `/`, say) could
    /// steer the upstream path after authorisation, so it is refused.
    static func validDeploymentName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    static func deploymentRoute(deployment: String, operation: GatewayOperation, query: String) throws(GatewayError) -> InferenceRoute {
        guard validDeploymentName(deployment) else {
            throw GatewayError(.badRequest, code: "invalid_deployment", "The deployment name may contain only letters, digits, '-', '_' and '.'.")
        }
        guard query.contains("api-version=") else {
            throw GatewayError(.badRequest, code: "missing_api_version", "Missing required query parameter: api-version.")
        }
        let suffix = operation == .chat ? "chat/completions" : operation.rawValue
        return InferenceRoute(deployment: deployment, operation: operation, upstreamPath: "/openai/deployments/\(deployment)/\(suffix)?\(query)")
    }

    /// `/openai/v1/{operation}`: the deployment is the body's `model`.
    static func v1Route(operation: GatewayOperation, body: Data, query: String) throws(GatewayError) -> InferenceRoute {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw GatewayError(.badRequest, code: "invalid_json", "The request body is not a JSON object.")
        }
        guard let model = object["model"] as? String, !model.isEmpty else {
            throw GatewayError(.badRequest, code: "missing_model", "The request body must name the deployment in 'model'.")
        }
        guard validDeploymentName(model) else {
            throw GatewayError(.badRequest, code: "invalid_deployment", "The deployment name may contain only letters, digits, '-', '_' and '.'.")
        }
        let suffix = operation == .chat ? "chat/completions" : operation.rawValue
        return InferenceRoute(deployment: model, operation: operation, upstreamPath: "/openai/v1/\(suffix)" + (query.isEmpty ? "" : "?\(query)"))
    }
}
