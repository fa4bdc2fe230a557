import AuditLog
import Foundation
import GatewayConfig
import Logging
import RateLimits
import TokenAccounting

/// Writes what an exchange did: metrics always, and an audit record when there is an audit log. Called by
/// whoever ends the exchange, once per outcome.
struct RequestRecorder: Sendable {
    let configuration: GatewayConfiguration
    let metrics: GatewayMetrics
    let audit: AuditTrail?
    let content: AuditContent
    /// Where admitted requests' limit reservations are settled.
    let limits: (any LimitStore)?
    /// Where each forwarded request's usage is kept (`bulwark usage`), written off the request's path.
    var ledger: LedgerWriter? = nil

    /// Metrics and the audit record for one finished exchange.
    func record(
        _ record: ExchangeRecord, status: Int, outcome: ExchangeOutcome, relayed: UpstreamForwarder.Relayed?, logger: Logger
    ) async {
        let usage = relayed?.usage
        // Settlement counts what the upstream's answer was; the ledger, metrics, log and audit say what the client got.
        let used = Self.used(record, status: status, outcome: outcome, relayed: relayed)
        let status = relayed?.answeredStatus ?? status
        // Settled once per reservation (a second record of the same exchange settles nothing): concurrency slots
        // are given back; requests stay counted.
        if let reservation = record.limitReservation {
            var actual: [LimitRule.Measure: Int64] = [.tokens: used.prompt + used.completion]
            if let price = record.price { actual[.microUSD] = price.microUSD(prompt: used.prompt, completion: used.completion) }
            await limits?.settle(reservation, actual: actual, now: Date())
        }
        if let ledger, record.upstream != nil, let identity = record.identity {
            let price = record.price ?? record.route.flatMap { configuration.limits.price(of: $0.deployment) }
            ledger.record(
                UsageRecord(
                    requestID: record.requestID, time: Date(), identity: identity,
                    keyPrefix: identity.hasPrefix("entra:") ? nil : identity, policy: record.policy ?? "",
                    deployment: record.route?.deployment.lowercased() ?? "", promptTokens: used.prompt, completionTokens: used.completion,
                    microUSD: price?.microUSD(prompt: used.prompt, completion: used.completion) ?? 0, status: status))
        }
        let elapsed = ContinuousClock.now - record.started
        // A deployment label only for configured deployments, so a caller cannot create series at will.
        let deploymentLabel =
            record.route.map(\.deployment).flatMap { name in
                configuration.upstreams(serving: name).isEmpty ? nil : name.lowercased()
            } ?? "other"
        metrics.recordRequest(
            deployment: deploymentLabel, operation: record.operationLabel, status: status, outcome: outcome, duration: elapsed)
        if let usage { metrics.recordTokens(identity: record.identity ?? "anonymous", deployment: deploymentLabel, usage: usage) }
        let latency = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        Self.log(record, status: status, outcome: outcome, latencyMilliseconds: latency, logger: logger)
        guard let audit else { return }
        var entry = AuditRecord(
            time: Date(), requestID: record.requestID, identity: record.identity, clientIP: record.clientIP,
            deployment: record.route?.deployment, operation: record.operationLabel, upstream: record.upstream,
            status: status,
            latencyMilliseconds: latency,
            totalTokens: usage?.total, decision: outcome.label, policy: record.policy, prompt: record.prompt,
            completion: relayed?.completion.map(content.text)
        )
        entry.limit = record.limitRule
        entry.images = record.images?.count
        entry.imageSize = record.images?.size
        entry.audioSeconds = record.audioSeconds
        entry.guards = record.guards + (relayed?.filtered.map { ["completion:" + $0.auditDescription] } ?? [])
        await audit.append(entry, logger: logger)
    }

    /// The request's one line at `info`: its id, who called (a key prefix or `entra:` and an object id, never a
    /// secret), the operation and deployment, the status, the decision, the latency and the upstream that answered.
    /// Never the body, the query or a header.
    static func log(_ record: ExchangeRecord, status: Int, outcome: ExchangeOutcome, latencyMilliseconds: Double, logger: Logger) {
        var metadata: Logger.Metadata = [
            "request.id": .string(record.requestID), "identity": .string(record.identity ?? "anonymous"),
            "operation": .string(record.operationLabel), "status": .stringConvertible(status), "decision": .string(outcome.label),
            "latency_ms": .string(tenths(latencyMilliseconds)),
        ]
        if let deployment = record.route?.deployment { metadata["deployment"] = .string(String(deployment.prefix(64))) }
        if let upstream = record.upstream { metadata["upstream"] = .string(upstream) }
        if let clientIP = record.clientIP { metadata["client.ip"] = .string(clientIP) }
        logger.info("request", metadata: metadata)
    }

    /// `value` with one decimal, as `%.1f` writes it (without Foundation's formatter, on every request's path).
    static func tenths(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let scaled = Int64((abs(value) * 10).rounded())
        return "\(value < 0 && scaled > 0 ? "-" : "")\(scaled / 10).\(scaled % 10)"
    }

    /// The prompt and completion tokens a request used, as settlement counts them: what the upstream reported; nothing
    /// for a refusal or an upstream failure (requests are never refunded, tokens are); for a stream that ended
    /// without usage (cut by either side, or an api-version without stream options), the estimated prompt and the
    /// completion tokens counted as they were relayed; for any other answer without usage, the reserved estimate.
    static func used(
        _ record: ExchangeRecord, status: Int, outcome: ExchangeOutcome, relayed: UpstreamForwarder.Relayed?
    ) -> (prompt: Int64, completion: Int64) {
        if let usage = relayed?.usage {
            // A usage that gives only a total is counted as completion, the dearer side of a price.
            let split = Int64(usage.prompt) + Int64(usage.completion)
            return split == Int64(usage.total)
                ? (Int64(usage.prompt), Int64(usage.completion)) : (Int64(usage.prompt), Int64(usage.total) - Int64(usage.prompt))
        }
        guard (200..<300).contains(status), record.upstream != nil else { return (0, 0) }
        guard let estimate = record.tokenEstimate else { return (0, 0) }
        // A stream cut without usage: the prompt and what was relayed (the upstream stops when the gateway stops
        // reading). Anything else without usage, a JSON answer cut or never written included, was generated whole
        // before its first byte: the reservation stands.
        if let counted = relayed?.countedCompletionTokens { return (estimate.prompt, counted) }
        return (estimate.prompt, estimate.completion)
    }
}
