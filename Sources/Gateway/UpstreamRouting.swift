import AsyncHTTPClient
import GatewayConfig
import Hummingbird
import NIOCore
import Synchronization

/// Sends a request to the first healthy upstream that serves the deployment in an allowed region: a 429 is
/// retried once on the same upstream when its `retry-after` is short; 5xx, timeouts and unreachable upstreams
/// fail over to the next candidate; an upstream that keeps failing is skipped for a while (circuit breaker).
struct UpstreamRouting: Sendable {
    /// The longest `retry-after` the gateway waits for itself; beyond it the client gets the 429 and decides.
    static let maximumRetryDelay: Duration = .seconds(2)

    let forwarder: UpstreamForwarder
    let breakers: CircuitBreakers
    let metrics: GatewayMetrics

    func forward(_ body: ByteBuffer, headers: HTTPFields, route: InferenceRoute, candidates: [GatewayConfiguration.Upstream]) async throws(GatewayError) -> UpstreamForwarder.Attempt {
        let healthy = candidates.filter { breakers.isClosed($0.name) }
        let order = healthy.isEmpty ? candidates : healthy  // all open: try anyway rather than refuse
        var lastError: GatewayError?
        var lastAttempt: UpstreamForwarder.Attempt?
        for upstream in order {
            var retried = false
            while true {
                let attempt: UpstreamForwarder.Attempt
                do {
                    attempt = try await forwarder.send(body, headers: headers, route: route, to: upstream)
                } catch {
                    breakers.recordFailure(upstream.name)
                    metrics.recordUpstreamError(upstream.name)
                    lastError = error
                    break
                }
                let status = Int(attempt.response.status.code)
                if status == 429, !retried, let delay = UpstreamForwarder.retryDelay(attempt.response.headers), delay <= Self.maximumRetryDelay {
                    await Self.drain(attempt)
                    retried = true
                    try? await Task.sleep(for: delay)
                    continue
                }
                if status >= 500 || status == 429 {
                    breakers.recordFailure(upstream.name)
                    metrics.recordUpstreamError(upstream.name)
                    if let previous = lastAttempt { await Self.drain(previous) }
                    lastAttempt = attempt
                    break
                }
                breakers.recordSuccess(upstream.name)
                if let previous = lastAttempt { await Self.drain(previous) }
                return attempt
            }
        }
        // Every candidate failed: pass the last upstream answer through (its 429 or 5xx), else the last error.
        if let lastAttempt { return lastAttempt }
        throw lastError ?? GatewayError(.badGateway, code: "upstream_unavailable", "No upstream could be reached.")
    }

    /// Reads and discards a response body so its connection can be reused.
    static func drain(_ attempt: UpstreamForwarder.Attempt) async {
        _ = try? await attempt.response.body.collect(upTo: 1 << 20)
    }
}

/// Per-upstream circuit breakers: after `threshold` consecutive failures an upstream is skipped for
/// `cooldown`, then tried again.
final class CircuitBreakers: Sendable {
    private struct State {
        var failures = 0
        var openUntil: ContinuousClock.Instant?
    }

    let threshold: Int
    let cooldown: Duration
    private let states = Mutex<[String: State]>([:])

    init(threshold: Int = 3, cooldown: Duration = .seconds(30)) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    func isClosed(_ upstream: String) -> Bool {
        states.withLock { states in
            guard let until = states[upstream]?.openUntil else { return true }
            return ContinuousClock.now >= until
        }
    }

    func recordFailure(_ upstream: String) {
        states.withLock { states in
            var state = states[upstream] ?? State()
            state.failures += 1
            if state.failures >= threshold { state.openUntil = ContinuousClock.now + cooldown }
            states[upstream] = state
        }
    }

    func recordSuccess(_ upstream: String) {
        states.withLock { $0[upstream] = State() }
    }
}
