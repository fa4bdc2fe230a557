import HTTPTypes

/// Step 9: the prompt as the audit log keeps it (redacted unless `audit.content` is `full`), when content is logged.
/// An upload keeps only its text fields and the names of its files: never an image, audio or a file's content.
struct ContentCapture: InferenceStep {
    let content: AuditContent

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        guard content.isLogged else { return }
        let contentType = exchange.request.headers[.contentType]
        if contentType?.lowercased().hasPrefix("multipart/form-data") == true {
            // A streamed upload's start: its whole parts, then the file it stops in.
            let form = try? exchange.form()
            var fields = (form?.parts ?? []).map { part in "\(part.name)=\(part.filename.map { "<file \($0)>" } ?? part.text ?? "<binary>")"
            }
            if let part = form?.partCutShort { fields.append("\(part.name)=\(part.filename.map { "<file \($0)>" } ?? "<binary>")") }
            exchange.record.prompt = content.text(fields.joined(separator: "\n"))
        } else {
            exchange.record.prompt = content.text(String(buffer: exchange.body))
        }
    }
}
