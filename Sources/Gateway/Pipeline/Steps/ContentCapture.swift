/// Step 9: the prompt as the audit log keeps it (redacted unless `audit.content` is `full`), when content is logged.
struct ContentCapture: InferenceStep {
    let content: AuditContent

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        if content.isLogged { exchange.record.prompt = content.text(String(buffer: exchange.body)) }
    }
}
