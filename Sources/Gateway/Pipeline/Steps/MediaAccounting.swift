import HTTPTypes

/// Step 4c: an image call's count and size go to its record, for the audit log (see `MediaUsage`).
struct MediaAccounting: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        guard exchange.operation == .images, let endpoint = exchange.endpoint else { return }
        if endpoint.body == .multipart {
            let form = try? exchange.form()
            exchange.record.images = (form?.field("n").flatMap { Int($0) } ?? 1, form?.field("size") ?? "auto")
        } else {
            exchange.record.images = MediaUsage.images(body: exchange.body)
        }
    }
}
