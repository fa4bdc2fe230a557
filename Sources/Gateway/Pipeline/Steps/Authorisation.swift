/// Step 5: the grant (key scope or token policy) that allows this operation on this deployment from this
/// address, with its conditions; deny by default (403 with the reason).
struct Authorisation: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let deployment = exchange.resolvedRoute().deployment
        // Files, batches and conversations name no deployment: they are authorised by operation (and by ownership).
        let grant =
            deployment.isEmpty
            ? try AccessDecision.grant(for: exchange.authenticated(), operation: exchange.operation, clientIP: exchange.record.clientIP)
            : try AccessDecision.grant(
                for: exchange.authenticated(), deployment: deployment, operation: exchange.operation, clientIP: exchange.record.clientIP)
        exchange.grant = grant
        exchange.record.policy = grant.name
    }
}
