import GatewayConfig
import Synchronization

/// The circuit breakers of the upstreams, one per upstream name, each behind its own lock; `now` is the clock
/// they read (injected by tests).
final class CircuitBreakers: Sendable {
    private let template: CircuitBreaker
    private let now: @Sendable () -> ContinuousClock.Instant
    private let breakers = Mutex<[String: Breaker]>([:])

    /// One upstream's breaker and its lock.
    private final class Breaker: Sendable {
        let state: Mutex<CircuitBreaker>

        init(_ breaker: CircuitBreaker) {
            state = Mutex(breaker)
        }
    }

    init(threshold: Int = 3, cooldown: Duration = .seconds(30), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        template = CircuitBreaker(threshold: threshold, cooldown: cooldown)
        self.now = now
    }

    /// Whether `upstream` may be tried now.
    func admits(_ upstream: String) -> Bool {
        let now = now()
        return withBreaker(upstream) { $0.admits(now: now) }
    }

    /// Whether `upstream`'s breaker is open with its cooldown still running (read without moving it to half-open).
    func isOpen(_ upstream: String) -> Bool {
        let now = now()
        return withBreaker(upstream) { $0.isOpen(now: now) }
    }

    /// The candidates to try, in order: those whose breaker admits a request now (closed, or half-open once the
    /// cooldown has passed); when every breaker is open, all of them, tried anyway rather than refusing. The HTTP
    /// forwarding path and the realtime leg route by this one rule.
    func order(_ candidates: [GatewayConfiguration.Upstream]) -> [GatewayConfiguration.Upstream] {
        let healthy = candidates.filter { admits($0.name) }
        return healthy.isEmpty ? candidates : healthy
    }

    func recordFailure(_ upstream: String) {
        let now = now()
        withBreaker(upstream) { $0.recordFailure(now: now) }
    }

    func recordSuccess(_ upstream: String) {
        withBreaker(upstream) { $0.recordSuccess() }
    }

    private func withBreaker<T>(_ upstream: String, _ body: (inout CircuitBreaker) -> T) -> T {
        // The map's lock is held only to find (or add) the upstream's breaker; the breaker has its own lock.
        let breaker = breakers.withLock { breakers in
            if let existing = breakers[upstream] { return existing }
            let created = Breaker(template)
            breakers[upstream] = created
            return created
        }
        return breaker.state.withLock { body(&$0) }
    }
}
