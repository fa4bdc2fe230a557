/// The generic cell rate algorithm for one rolling rate: `limit` units per `period`, a burst of the whole
/// `limit` allowed. Its whole state is one instant, the theoretical arrival time (TAT): a request of `cost`
/// units fits when `max(TAT, now) + cost × period / limit` is at most `period` ahead of now. Time is passed in
/// as seconds, so the algorithm is a pure function and tests never wait.
public struct GCRA: Sendable, Hashable {
    public var limit: Int64
    public var period: Double

    public init(limit: Int64, period: Duration) {
        self.limit = limit
        self.period = Double(period.components.seconds) + Double(period.components.attoseconds) / 1e18
    }

    /// Seconds one unit occupies.
    public var interval: Double { period / Double(limit) }

    public struct Outcome: Sendable, Hashable {
        public var admitted: Bool
        /// The TAT to store when admitted (unchanged when refused).
        public var tat: Double
        /// Units still available right after this request (0 when refused).
        public var remaining: Int64
        /// Seconds until the allowance is whole again.
        public var resetAfter: Double
        /// When refused: seconds until a request of the same cost would fit.
        public var retryAfter: Double
    }

    /// Whether `cost` units fit at `now`, with the stored `tat` (nil when nothing is stored yet).
    public func evaluate(cost: Int64, tat stored: Double?, now: Double) -> Outcome {
        let tat = max(stored ?? now, now)
        let next = tat + Double(cost) * interval
        let ahead = next - now
        if ahead <= period + 1e-9 {
            return Outcome(admitted: true, tat: next, remaining: units(in: period - ahead), resetAfter: ahead, retryAfter: 0)
        }
        return Outcome(
            admitted: false, tat: stored ?? now, remaining: units(in: period - (tat - now)), resetAfter: tat - now,
            retryAfter: ahead - period)
    }

    /// The TAT after a settlement moves `delta` units (a refund when negative, debt when positive). A refund never
    /// takes the TAT back before `now`: unused time is not banked beyond the burst.
    public func settle(tat: Double, delta: Int64, now: Double) -> Double {
        let moved = tat + Double(delta) * interval
        return delta < 0 ? max(moved, now) : moved
    }

    /// Whether a request of `cost` units could ever fit.
    public func canEverFit(_ cost: Int64) -> Bool { cost <= limit }

    private func units(in seconds: Double) -> Int64 {
        // Compared as a Double first: converting a value at or beyond Int64's range would trap.
        let units = max(0, (seconds / interval + 1e-9).rounded(.down))
        return units >= Double(limit) ? limit : Int64(units)
    }
}
