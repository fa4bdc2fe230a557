import Foundation
import Metrics
import Prometheus

/// The gateway's metrics through swift-metrics, kept in its own Prometheus registry and served at `/metrics`.
/// Labels are bounded: operation, status, decision code, configured deployments, upstream names, and on the
/// token counter the caller's identity (a key prefix or token subject, never a secret).
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// What is left of each limit rule, for the callers nearest their limits.
    let limitRemaining: LimitRemainingGauges

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
            .milliseconds(500), .seconds(2), .seconds(10), .seconds(60),
        ]
        self.factory = factory
        limitRemaining = LimitRemainingGauges(factory: factory)
    }

    /// One finished exchange: its count and duration; failed authentications (any 401, and refused or
    /// uncheckable credentials) and other 403 refusals also by reason.
    func recordRequest(deployment: String, operation: String, status: Int, outcome: ExchangeOutcome, duration: Duration) {
        let decision = outcome.label
        Counter(
            label: "bulwark_gateway_requests_total",
            dimensions: [
                ("deployment", deployment), ("operation", operation), ("status", String(status)), ("decision", decision),
            ], factory: factory
        ).increment()
        Metrics.Timer(label: "bulwark_gateway_request_duration_seconds", dimensions: [("operation", operation)], factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        if status == 401 || outcome.isAuthenticationFailure {
            Counter(label: "bulwark_gateway_auth_failures_total", dimensions: [("reason", decision)], factory: factory).increment()
        } else if status == 403 {
            Counter(label: "bulwark_gateway_access_denied_total", dimensions: [("reason", decision)], factory: factory).increment()
        }
    }

    /// Tokens the upstream reported, by identity (key prefix or token subject: one series per caller, which
    /// is what budgets are kept by), deployment and kind (prompt, completion).
    func recordTokens(identity: String, deployment: String, usage: TokenUsage) {
        for (kind, count) in [("prompt", usage.prompt), ("completion", usage.completion)] where count > 0 {
            Counter(
                label: "bulwark_gateway_tokens_total", dimensions: [("identity", identity), ("deployment", deployment), ("kind", kind)],
                factory: factory
            )
            .increment(by: count)
        }
    }

    /// One limit rule's decision: `admitted`, `refused` or `shadow_refused` (labels bounded by the configured rules).
    func recordLimit(_ rule: String, decision: String) {
        Counter(label: "bulwark_gateway_limit_decisions_total", dimensions: [("rule", rule), ("decision", decision)], factory: factory)
            .increment()
    }

    /// One call to the shared limit store (`admit`, `settle`, `rebuild`): its latency, and a failure by code
    /// (`store_unavailable`, `rules_differ`, `rebuilding`).
    func recordLimitStore(operation: String, duration: Duration, error: String?) {
        Metrics.Timer(label: "bulwark_gateway_limit_store_duration_seconds", dimensions: [("operation", operation)], factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        if let error {
            Counter(
                label: "bulwark_gateway_limit_store_errors_total", dimensions: [("operation", operation), ("error", error)],
                factory: factory
            ).increment()
        }
    }

    /// Guard verdicts that were not `allow`, by guard and verdict.
    func recordGuard(_ guardName: String, verdict: String) {
        Counter(label: "bulwark_gateway_guard_decisions_total", dimensions: [("guard", guardName), ("verdict", verdict)], factory: factory)
            .increment()
    }

    /// A connection the gateway closed itself: over the per-address limit, or too slow to send a request head, or
    /// idle too long.
    func recordConnectionClosed(_ reason: ConnectionClosure) {
        Counter(label: "bulwark_gateway_connections_closed_total", dimensions: [("reason", reason.rawValue)], factory: factory).increment()
    }

    func recordUpstreamError(_ upstream: String) {
        Counter(label: "bulwark_gateway_upstream_errors_total", dimensions: [("upstream", upstream)], factory: factory).increment()
    }

    /// The Prometheus text exposition.
    func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
