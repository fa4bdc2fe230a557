/// Step 2: a caller suspended by abuse monitoring is refused (403), until the suspension ends or is lifted.
struct SuspensionCheck: InferenceStep {
    let abuse: AbuseMonitor

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let label = exchange.authenticated().label
        if let suspension = try await abuse.suspension(for: label) {
            throw GatewayError(
                .forbidden, code: .identitySuspended,
                "\(label) is suspended by abuse monitoring until \(suspension.until.formatted(.iso8601)) (\(suspension.reason)).")
        }
    }
}
