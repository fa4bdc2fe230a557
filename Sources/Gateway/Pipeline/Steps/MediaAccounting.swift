import HTTPTypes

/// Step 4c: an image call's count and size go to its record, for the audit log (see `MediaUsage`).
struct MediaAccounting: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        guard exchange.operation == .images, let endpoint = exchange.endpoint else { return }
        exchange.record.images = MediaUsage.images(
            body: exchange.body, contentType: exchange.request.headers[.contentType], multipart: endpoint.body == .multipart)
    }
}
