/// Step 5: the grant (key scope or token policy) that allows this operation on this deployment from this
/// address, with its conditions; deny by default (403 with the reason).
struct Authorisation: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let grant = try AccessDecision.grant(
            for: exchange.authenticated(), deployment: exchange.resolvedRoute().deployment, operation: exchange.operation,
            clientIP: exchange.record.clientIP
        )
        exchange.grant = grant
        exchange.record.policy = grant.name
    }
}
