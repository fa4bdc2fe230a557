/// Step 1: who is calling. Deny by default: no credential, or one that does not verify, is a 401.
struct Authentication: InferenceStep {
    let authenticator: ClientAuthenticator

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let identity = try await authenticator.authenticate(exchange.request.headers)
        exchange.identity = identity
        exchange.record.identity = identity.label
    }
}
