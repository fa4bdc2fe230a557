/// One named step of the inference pipeline: it reads what earlier steps established in the exchange, adds
/// its own part, or refuses the request with a `GatewayError`. Steps run in order; the first refusal ends the
/// request (and is recorded). Rate limits and new checks slot in as further steps.
protocol InferenceStep: Sendable {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError)
}

/// The steps before forwarding, in order: authenticate → suspension check → read body → route → authorise →
/// residency → limits → prompt guards → content capture.
struct InferencePipeline: Sendable {
    var steps: [any InferenceStep]

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        for step in steps { try await step.run(&exchange) }
    }
}
