@testable import Gateway
import Testing

@Suite("Abuse score state machine")
struct AbuseScoresTests {
    let start = ContinuousClock.now

    @Test("points add up for one identity, and identities are apart")
    func adds() {
        var scores = AbuseScores(threshold: 10, halfLife: .seconds(60))
        #expect(scores.add(1, to: "a", now: start) == 1)
        #expect(scores.add(2, to: "a", now: start) == 3)
        #expect(scores.add(1, to: "b", now: start) == 1)
        #expect(scores.score(of: "a", now: start) == 3)
    }

    @Test("the score halves every half-life")
    func decays() {
        var scores = AbuseScores(threshold: 10, halfLife: .seconds(1))
        _ = scores.add(4, to: "a", now: start)
        #expect(scores.score(of: "a", now: start + .seconds(1)) == 2)
        #expect(scores.score(of: "a", now: start + .seconds(2)) == 1)
        #expect(abs(scores.add(1, to: "a", now: start + .seconds(2)) - 2) < 1e-9)
    }

    @Test("reaching the threshold reports the crossing score and starts the identity again from zero")
    func crossingResets() {
        var scores = AbuseScores(threshold: 1.5, halfLife: .seconds(1))
        #expect(scores.add(1, to: "a", now: start) == 1)
        #expect(scores.add(1, to: "a", now: start) == 2)
        #expect(scores.score(of: "a", now: start) == 0)
        #expect(scores.add(1, to: "a", now: start) == 1, "one burst suspends once")
    }

    @Test("a decayed score does not cross: 1 point, 2.5 half-lives, 1 point stays under 1.5")
    func decayedStaysUnder() {
        var scores = AbuseScores(threshold: 1.5, halfLife: .seconds(1))
        _ = scores.add(1, to: "a", now: start)
        let score = scores.add(1, to: "a", now: start + .milliseconds(2500))
        #expect(score < 1.5 && score > 1.17)
    }

    @Test("past its capacity, identities whose score has decayed to almost nothing are forgotten")
    func prunes() {
        var scores = AbuseScores(threshold: 100, halfLife: .seconds(1), capacity: 2)
        for name in ["a", "b", "c"] { _ = scores.add(1, to: name, now: start) }
        _ = scores.add(1, to: "d", now: start + .seconds(60))
        #expect(scores.count == 1)
    }
}
