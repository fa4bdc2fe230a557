/// One upstream's circuit breaker, a plain state machine: after `threshold` consecutive failures the upstream
/// is skipped for `cooldown`; then it is tried again (half-open), and one failure opens it again while one
/// success closes it. Time is passed in, so it is tested without waiting.
struct CircuitBreaker: Sendable {
    private enum State: Sendable, Hashable {
        case closed(failures: Int)
        case open(until: ContinuousClock.Instant)
        /// The cooldown has passed: requests are let through until one of them fails or succeeds.
        case halfOpen
    }

    let threshold: Int
    let cooldown: Duration
    private var state = State.closed(failures: 0)

    init(threshold: Int = 3, cooldown: Duration = .seconds(30)) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// Whether a request may be sent now; an open breaker whose cooldown has passed becomes half-open.
    mutating func admits(now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed, .halfOpen:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    /// Whether requests are being kept away now: open, and the cooldown not yet passed.
    func isOpen(now: ContinuousClock.Instant) -> Bool {
        if case .open(let until) = state { return now < until }
        return false
    }

    /// A failed attempt: the threshold-th consecutive failure opens the breaker; any failure once it has been
    /// open (half-open, or open and tried anyway because every upstream was open) opens it for a new cooldown.
    mutating func recordFailure(now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures) where failures + 1 < threshold:
            state = .closed(failures: failures + 1)
        case .closed, .open, .halfOpen:
            state = .open(until: now + cooldown)
        }
    }

    /// A successful attempt closes the breaker and forgets earlier failures.
    mutating func recordSuccess() {
        state = .closed(failures: 0)
    }

    /// The state's name, for tests and logs: `closed(2)`, `open`, `half-open`.
    var stateDescription: String {
        switch state {
        case .closed(let failures): "closed(\(failures))"
        case .open: "open"
        case .halfOpen: "half-open"
        }
    }
}
