import Foundation

/// Per identity, a violation score that decays with a half-life: points are added, the score halves every
/// `halfLife`, and reaching `threshold` reports the crossing and starts the identity again from zero (so one
/// burst suspends once). A plain value: time is passed in.
struct AbuseScores: Sendable {
    private struct Entry: Sendable {
        var score: Double
        var at: ContinuousClock.Instant
    }

    let threshold: Double
    let halfLife: Duration
    /// Beyond this many identities, those whose score has decayed to almost nothing are forgotten.
    let capacity: Int
    private var entries: [String: Entry] = [:]

    init(threshold: Double, halfLife: Duration, capacity: Int = 100_000) {
        self.threshold = threshold
        self.halfLife = halfLife
        self.capacity = capacity
    }

    /// Adds `points` to `identity`'s decayed score at `now`, and returns the new score; a score at or over the
    /// threshold is returned (so the caller suspends) and the identity starts again from zero.
    mutating func add(_ points: Double, to identity: String, now: ContinuousClock.Instant) -> Double {
        if entries.count > capacity { entries = entries.filter { decayed($0.value, now: now) > 0.01 } }
        let current = entries[identity].map { decayed($0, now: now) } ?? 0
        let updated = current + points
        entries[identity] = Entry(score: updated >= threshold ? 0 : updated, at: now)
        return updated
    }

    /// `identity`'s score at `now`.
    func score(of identity: String, now: ContinuousClock.Instant) -> Double {
        entries[identity].map { decayed($0, now: now) } ?? 0
    }

    /// The number of identities with a score.
    var count: Int { entries.count }

    private func decayed(_ entry: Entry, now: ContinuousClock.Instant) -> Double {
        let elapsed = now - entry.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let halfLifeSeconds = Double(halfLife.components.seconds) + Double(halfLife.components.attoseconds) / 1e18
        return entry.score * pow(0.5, seconds / halfLifeSeconds)
    }
}
