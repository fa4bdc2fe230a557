import AccessPolicy
import APIKeys
import Foundation

/// What a client asked for: the deployment, the operation, and the path and query to send upstream.
struct InferenceRoute: Sendable, Hashable {
    var deployment: String
    var operation: GatewayOperation
    /// Path and query, as the upstream receives them.
    var upstreamPath: String

    /// How a route names its deployment: in the path (Azure data plane) or in the body's `model` (v1).
    enum Kind: Sendable, Hashable {
        case deployment(String)
        case v1
    }

    /// Azure deployment names: letters, digits, `-`, `_` and `.`. Anything else (an encoded `/`, say) could
    /// steer the upstream path after authorisation, so it is refused.
    static func validDeploymentName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0))
            }
    }

    /// `/openai/deployments/{deployment}/{operation}` (Azure OpenAI data plane, `?api-version=` required).
    static func deploymentRoute(deployment: String, operation: GatewayOperation, query: String) throws(GatewayError) -> InferenceRoute {
        guard validDeploymentName(deployment) else {
            throw GatewayError(
                .badRequest, code: .invalidDeployment, "The deployment name may contain only letters, digits, '-', '_' and '.'.")
        }
        guard query.contains("api-version=") else {
            throw GatewayError(.badRequest, code: .missingAPIVersion, "Missing required query parameter: api-version.")
        }
        let path = OperationEndpoint.of(operation).deploymentPath(deployment)
        return InferenceRoute(deployment: deployment, operation: operation, upstreamPath: "\(path)?\(query)")
    }

    /// `/openai/v1/{operation}`: the deployment is the body's `model`.
    static func v1Route(operation: GatewayOperation, body: Data, query: String) throws(GatewayError) -> InferenceRoute {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw GatewayError(.badRequest, code: .invalidJSON, "The request body is not a JSON object.")
        }
        guard let model = object["model"] as? String, !model.isEmpty else {
            throw GatewayError(.badRequest, code: .missingModel, "The request body must name the deployment in 'model'.")
        }
        guard validDeploymentName(model) else {
            throw GatewayError(
                .badRequest, code: .invalidDeployment, "The deployment name may contain only letters, digits, '-', '_' and '.'.")
        }
        let path = OperationEndpoint.of(operation).v1Path
        return InferenceRoute(deployment: model, operation: operation, upstreamPath: path + (query.isEmpty ? "" : "?\(query)"))
    }
}
