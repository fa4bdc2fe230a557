import Foundation
import Metrics
import Prometheus

/// The gateway's metrics through swift-metrics, kept in its own Prometheus registry and served at `/metrics`.
/// Labels are low-cardinality: operation, status, decision code, configured deployments and upstream names.
final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
            .milliseconds(500), .seconds(2), .seconds(10), .seconds(60),
        ]
        self.factory = factory
    }

    func recordRequest(deployment: String, operation: String, status: Int, decision: String, duration: Duration) {
        Counter(label: "bulwark_gateway_requests_total", dimensions: [
            ("deployment", deployment), ("operation", operation), ("status", String(status)), ("decision", decision),
        ], factory: factory).increment()
        Metrics.Timer(label: "bulwark_gateway_request_duration_seconds", dimensions: [("operation", operation)], factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        if decision.hasPrefix("key_") {
            Counter(label: "bulwark_gateway_auth_failures_total", dimensions: [("reason", decision)], factory: factory).increment()
        }
    }

    /// Tokens the upstream reported, by deployment and kind (prompt, completion).
    func recordTokens(deployment: String, usage: TokenUsage) {
        for (kind, count) in [("prompt", usage.prompt), ("completion", usage.completion)] where count > 0 {
            Counter(label: "bulwark_gateway_tokens_total", dimensions: [("deployment", deployment), ("kind", kind)], factory: factory).increment(by: count)
        }
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
