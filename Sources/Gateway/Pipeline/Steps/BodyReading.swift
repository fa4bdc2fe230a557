/// Step 3: the request body, collected up to the configured limit (413 beyond it). Routing and the guards read it. An
/// upload is read by ``UploadReading``: held whole when it is small, else only its start, the rest streamed.
struct BodyReading: InferenceStep {
    let maximumBytes: Int
    /// How much of an upload is read before deciding.
    var uploadWindow = UploadReading.defaultWindow

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        if UploadReading.isUpload(exchange) {
            return try await UploadReading(maximumBytes: maximumBytes, window: uploadWindow).run(&exchange)
        }
        do {
            exchange.body = try await exchange.request.collectBody(upTo: maximumBytes)
        } catch {
            throw GatewayError(.contentTooLarge, code: .bodyTooLarge, "The request body is larger than \(maximumBytes) bytes.")
        }
    }
}
