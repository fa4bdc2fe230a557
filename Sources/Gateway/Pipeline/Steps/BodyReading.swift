/// Step 3: the request body, collected up to the configured limit (413 beyond it). Routing and the guards read it.
struct BodyReading: InferenceStep {
    let maximumBytes: Int

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        do {
            exchange.body = try await exchange.request.collectBody(upTo: maximumBytes)
        } catch {
            throw GatewayError(.contentTooLarge, code: .bodyTooLarge, "The request body is larger than \(maximumBytes) bytes.")
        }
    }
}
