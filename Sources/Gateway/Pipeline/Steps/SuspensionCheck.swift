/// Step 2: a caller suspended by abuse monitoring is refused (403), until the suspension ends or is lifted.
struct SuspensionCheck: InferenceStep {
    let abuse: AbuseMonitor

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        // Suspended by lineage: a key rotated after its suspension is still suspended.
        let identity = exchange.authenticated()
        let label = identity.label
        if let suspension = try await abuse.suspension(for: identity.owner) {
            throw GatewayError(
                .forbidden, code: .identitySuspended,
                "\(label) is suspended by abuse monitoring until \(suspension.until.formatted(.iso8601)) (\(suspension.reason)).")
        }
    }
}
