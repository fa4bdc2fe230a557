import AuditLog
import Foundation
import GatewayConfig
import Logging
import RateLimits

/// Writes what an exchange did: metrics always, and an audit record when there is an audit log. Called by
/// whoever ends the exchange, once per outcome.
struct RequestRecorder: Sendable {
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    let audit: AuditTrail?
    let content: AuditContent
    /// Where admitted requests' limit reservations are settled.
    let limits: (any LimitStore)?

    /// Metrics and the audit record for one finished exchange.
    func record(
        _ record: ExchangeRecord, status: Int, outcome: ExchangeOutcome, relayed: UpstreamForwarder.Relayed?, logger: Logger
    ) async {
        let usage = relayed?.usage
        // Settled once per reservation (a second record of the same exchange settles nothing): concurrency slots
        // are given back; requests stay counted.
        if let reservation = record.limitReservation {
            await limits?.settle(reservation, actual: [.tokens: Int64(usage?.total ?? 0)], now: Date())
        }
        let elapsed = ContinuousClock.now - record.started
        // A deployment label only for configured deployments, so a caller cannot create series at will.
        let deploymentLabel =
            record.route.map(\.deployment).flatMap { name in
                configuration.upstreams(serving: name).isEmpty ? nil : name.lowercased()
            } ?? "other"
        metrics.recordRequest(
            deployment: deploymentLabel, operation: record.operation.rawValue, status: status, outcome: outcome, duration: elapsed)
        if let usage { metrics.recordTokens(identity: record.identity ?? "anonymous", deployment: deploymentLabel, usage: usage) }
        guard let audit else { return }
        var entry = AuditRecord(
            time: Date(), requestID: record.requestID, identity: record.identity, clientIP: record.clientIP,
            deployment: record.route?.deployment, operation: record.operation.rawValue, upstream: record.upstream,
            status: status,
            latencyMilliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
            totalTokens: usage?.total, decision: outcome.label, policy: record.policy, prompt: record.prompt,
            completion: relayed?.completion.map(content.text)
        )
        entry.limit = record.limitRule
        entry.guards = record.guards + (relayed?.filtered.map { ["completion:" + $0.auditDescription] } ?? [])
        await audit.append(entry, logger: logger)
    }
}
