@testable import Gateway
import GatewayTesting
import Testing

@Suite("Circuit breaker state machine")
struct CircuitBreakerTests {
    let start = ContinuousClock.now

    /// Asks `breaker` whether it admits a request at `now` (a mutating question: open turns half-open).
    func admits(_ breaker: inout CircuitBreaker, at now: ContinuousClock.Instant) -> Bool {
        breaker.admits(now: now)
    }

    /// A breaker with the gateway's defaults (threshold 3, cooldown 30 s), opened at `start`.
    func opened() -> CircuitBreaker {
        var breaker = CircuitBreaker()
        for _ in 0..<3 { breaker.recordFailure(now: start) }
        return breaker
    }

    @Test("closed stays closed on success, and a success forgets earlier failures")
    func closedOnSuccess() {
        var breaker = CircuitBreaker()
        breaker.recordFailure(now: start)
        breaker.recordFailure(now: start)
        breaker.recordSuccess()
        #expect(breaker.stateDescription == "closed(0)")
        breaker.recordFailure(now: start)
        breaker.recordFailure(now: start)
        #expect(admits(&breaker, at: start))
        #expect(breaker.stateDescription == "closed(2)")
    }

    @Test("closed opens at the threshold (the third consecutive failure), not before")
    func closedToOpen() {
        var breaker = CircuitBreaker()
        breaker.recordFailure(now: start)
        breaker.recordFailure(now: start)
        #expect(admits(&breaker, at: start))
        breaker.recordFailure(now: start)
        #expect(breaker.stateDescription == "open")
        #expect(!admits(&breaker, at: start))
    }

    @Test("open refuses until the cooldown has passed")
    func openRefuses() {
        var breaker = opened()
        #expect(!admits(&breaker, at: start + .seconds(29)))
        #expect(breaker.stateDescription == "open")
    }

    @Test("open becomes half-open once the cooldown has passed, and admits requests")
    func openToHalfOpen() {
        var breaker = opened()
        #expect(admits(&breaker, at: start + .seconds(30)))
        #expect(breaker.stateDescription == "half-open")
        #expect(admits(&breaker, at: start + .seconds(30)), "half-open lets requests through until one of them reports")
    }

    @Test("half-open closes on a success")
    func halfOpenToClosed() {
        var breaker = opened()
        _ = breaker.admits(now: start + .seconds(31))
        breaker.recordSuccess()
        #expect(breaker.stateDescription == "closed(0)")
    }

    @Test("half-open opens again on one failure, for a new cooldown")
    func halfOpenToOpen() {
        var breaker = opened()
        let later = start + .seconds(31)
        _ = breaker.admits(now: later)
        breaker.recordFailure(now: later)
        #expect(breaker.stateDescription == "open")
        #expect(!admits(&breaker, at: later + .seconds(29)))
        #expect(admits(&breaker, at: later + .seconds(30)))
    }

    @Test("open, tried anyway (every upstream open), extends its cooldown on failure and closes on success")
    func openTriedAnyway() {
        var breaker = opened()
        breaker.recordFailure(now: start + .seconds(10))
        #expect(!admits(&breaker, at: start + .seconds(39)))
        var other = opened()
        other.recordSuccess()
        #expect(other.stateDescription == "closed(0)")
    }

    @Test("the per-upstream breakers read the injected clock and keep upstreams apart")
    func perUpstream() {
        let clock = ManualClock(start: start)
        let breakers = CircuitBreakers(now: clock.now)
        for _ in 0..<3 { breakers.recordFailure("a") }
        #expect(!breakers.admits("a"))
        #expect(breakers.admits("b"))
        clock.advance(by: .seconds(30))
        #expect(breakers.admits("a"))
    }
}
