import AsyncHTTPClient
import GatewayConfig
import Logging

/// Sends a request to the first healthy upstream that serves the deployment in an allowed region: a 429 is
/// retried once on the same upstream when its `retry-after` is short; 5xx, timeouts and unreachable upstreams
/// fail over to the next candidate; an upstream that keeps failing is skipped for a while (circuit breaker).
/// A streamed request body can be sent once only, so it gets one attempt on the first candidate; when it is refused
/// mid-way (size cap, unreadable form) that refusal is the answer, and the upstream is not counted as failing.
struct UpstreamRouting: Sendable {
    /// The longest `retry-after` the gateway waits for itself; beyond it the client gets the 429 and decides.
    static let maximumRetryDelay: Duration = .seconds(2)

    let forwarder: UpstreamForwarder
    let breakers: CircuitBreakers
    let metrics: GatewayMetrics
    /// Where a failed upstream attempt is logged, at `warning`.
    let logger: Logger

    func forward(_ request: UpstreamRequest, candidates: [GatewayConfiguration.Upstream]) async throws(GatewayError)
        -> UpstreamForwarder.Attempt
    {
        let order = breakers.order(candidates)
        var lastError: GatewayError?
        var lastAttempt: UpstreamForwarder.Attempt?
        for upstream in order.prefix(request.isReplayable ? order.count : 1) {
            var retried = false
            while true {
                let attempt: UpstreamForwarder.Attempt
                do {
                    attempt = try await forwarder.send(request, to: upstream)
                } catch {
                    // The client's own body refused while it streamed (4xx) is no failure of the upstream.
                    if error.status.code < 500 { throw error }
                    breakers.recordFailure(upstream.name)
                    metrics.recordUpstreamError(upstream.name)
                    logger.warning(
                        "upstream failed", metadata: ["upstream": "\(upstream.name)", "error.code": "\(error.code.rawValue)"])
                    lastError = error
                    break
                }
                let status = Int(attempt.response.status.code)
                if status == 429, !retried, request.isReplayable, let delay = UpstreamForwarder.retryDelay(attempt.response.headers),
                    delay <= Self.maximumRetryDelay
                {
                    await Self.drain(attempt)
                    retried = true
                    try? await Task.sleep(for: delay)
                    continue
                }
                if status >= 500 || status == 429 {
                    breakers.recordFailure(upstream.name)
                    metrics.recordUpstreamError(upstream.name)
                    logger.warning("upstream failed", metadata: ["upstream": "\(upstream.name)", "upstream.status": "\(status)"])
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
        throw lastError ?? GatewayError(.badGateway, code: .upstreamUnavailable, "No upstream could be reached.")
    }

    /// Reads and discards a response body so its connection can be reused.
    static func drain(_ attempt: UpstreamForwarder.Attempt) async {
        _ = try? await attempt.response.body.collect(upTo: 1 << 20)
    }
}
