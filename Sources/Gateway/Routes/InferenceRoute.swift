import AccessPolicy
import APIKeys
import Foundation
import HTTPTypes

/// What a client asked for: the deployment, the operation, and the path and query to send upstream.
struct InferenceRoute: Sendable, Hashable {
    var deployment: String
    var operation: GatewayOperation
    /// Path and query, as the upstream receives them.
    var upstreamPath: String
    var method: HTTPRequest.Method = .post

    /// How a route names its deployment: in the path (Azure data plane) or in the body's `model` (v1).
    enum Kind: Sendable, Hashable {
        case deployment(String)
        case v1
        /// A stored object's route: its id from the path (nil for a create or a list), no deployment named.
        case object(id: String?)
    }

    /// Azure deployment names: letters, digits, `-`, `_` and `.`. Anything else (an encoded `/`, say) could
    /// steer the upstream path after authorisation, so it is refused.
    static func validDeploymentName(_ name: String) -> Bool {
        // Every allowed character is one ASCII byte, so bytes are characters here.
        let bytes = name.utf8
        return !bytes.isEmpty && bytes.count <= 64 && name != "." && name != ".." && bytes.allSatisfy(isDeploymentNameByte)
    }

    private static func isDeploymentNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
        default: false
        }
    }

    /// `/openai/deployments/{deployment}/{operation}` (Azure OpenAI data plane, `?api-version=` required).
    static func deploymentRoute(deployment: String, endpoint: OperationEndpoint, query: String) throws(GatewayError) -> InferenceRoute {
        guard validDeploymentName(deployment) else {
            throw GatewayError(
                .badRequest, code: .invalidDeployment, "The deployment name may contain only letters, digits, '-', '_' and '.'.")
        }
        guard query.contains("api-version=") else {
            throw GatewayError(.badRequest, code: .missingAPIVersion, "Missing required query parameter: api-version.")
        }
        let path = endpoint.deploymentPath(deployment)
        return InferenceRoute(deployment: deployment, operation: endpoint.operation, upstreamPath: "\(path)?\(query)")
    }

    /// `/openai/v1/{operation}`: the deployment is the body's `model` (a JSON member, or a field of an upload's `form`,
    /// read from `body` when not given).
    static func v1Route(endpoint: OperationEndpoint, body: Data, contentType: String?, query: String, form: MultipartForm? = nil)
        throws(GatewayError) -> InferenceRoute
    {
        let model: String?
        switch endpoint.body {
        case .json:
            guard let named = try? JSONDecoder().decode(ModelMember.self, from: body) else {
                throw GatewayError(.badRequest, code: .invalidJSON, "The request body is not a JSON object.")
            }
            model = named.model
        case .multipart:
            if let form {
                model = form.field("model")
            } else {
                model = try MultipartForm.checked(body: Array(body), contentType: contentType).field("model")
            }
        }
        guard let model, !model.isEmpty else {
            throw GatewayError(.badRequest, code: .missingModel, "The request body must name the deployment in 'model'.")
        }
        guard validDeploymentName(model) else {
            throw GatewayError(
                .badRequest, code: .invalidDeployment, "The deployment name may contain only letters, digits, '-', '_' and '.'.")
        }
        let path = endpoint.v1Path
        return InferenceRoute(deployment: model, operation: endpoint.operation, upstreamPath: path + (query.isEmpty ? "" : "?\(query)"))
    }

    /// A JSON body's `model` member, when it is a string. The decoder still reads (and so checks) the whole body, but
    /// builds no values for the other members: `JSONSerialization` built every message as Foundation objects first.
    private struct ModelMember: Decodable {
        var model: String?

        private enum Key: String, CodingKey { case model }

        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: Key.self)
            model = (try? object.decodeIfPresent(String.self, forKey: .model)) ?? nil
        }
    }
}
