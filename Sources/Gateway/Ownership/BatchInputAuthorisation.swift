import AccessPolicy
import Foundation
import HTTPTypes
import NIOCore

/// Step 5b: a file uploaded for batches (`purpose=batch`) names, on each JSONL line, the call the upstream will make
/// later with the gateway's credentials (`url`, `body.model`). Each must be a call the uploader may make now: the
/// operation of its URL on its deployment, by the caller's grants; a line that cannot be read, or is not allowed,
/// refuses the upload (400 or 403 naming the line), so a batch cannot reach a deployment its creator may not.
struct BatchInputAuthorisation: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        guard let object = exchange.object, object.kind == .file, object.action == .create else { return }
        // A batch file is held whole (`UploadReading`); a streamed upload is for another purpose.
        guard exchange.upload == nil else { return }
        let form = try exchange.form()
        guard form.field("purpose") == "batch", let file = form.parts.first(where: { $0.name == "file" }) else { return }
        let identity = exchange.authenticated()
        for (index, line) in String(decoding: file.content, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let (deployment, operation) = try Self.call(in: line, number: index + 1)
            _ = try AccessDecision.grant(for: identity, deployment: deployment, operation: operation, clientIP: exchange.record.clientIP)
        }
    }

    /// The deployment and operation one batch line names.
    static func call(in line: Substring, number: Int) throws(GatewayError) -> (String, GatewayOperation) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
            let url = object["url"] as? String, let model = (object["body"] as? [String: Any])?["model"] as? String
        else {
            throw GatewayError(
                .badRequest, code: .invalidJSON, "Line \(number) of the batch file is not a JSON object with 'url' and 'body.model'.")
        }
        let path = url.split(separator: "?").first.map(String.init) ?? url
        let operation: GatewayOperation? =
            switch path.split(separator: "/").last.map(String.init) {
            case "completions": path.hasSuffix("chat/completions") ? .chat : .completions
            case "embeddings": .embeddings
            case "responses": .responses
            default: nil
            }
        guard let operation else {
            throw GatewayError(
                .badRequest, code: .invalidJSON,
                "Line \(number) of the batch file names an endpoint the gateway does not serve: \(url.prefix(100)).")
        }
        guard InferenceRoute.validDeploymentName(model) else {
            throw GatewayError(.badRequest, code: .invalidDeployment, "Line \(number) of the batch file names an invalid deployment.")
        }
        return (model, operation)
    }
}
