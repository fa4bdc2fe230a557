import Foundation

/// Isotonic calibration of the detector's raw score: a non-decreasing map from raw to calibrated scores, fitted
/// on scores of texts the model never saw (cross-validation), so a calibrated 0.7 means about 70% of the texts
/// scored there were attacks in the data it was fitted on. It never reorders texts; it moves the numbers onto a
/// scale where thresholds read as probabilities. Between knots the map is linear; outside them it is flat.
/// (Knots sit at each pooled group's mean score, the "centred" form of isotonic regression, so the map rises
/// smoothly rather than in steps.)
public struct ScoreCalibration: Sendable, Hashable {
    public struct Knot: Sendable, Hashable {
        public var raw: Double
        public var calibrated: Double

        public init(raw: Double, calibrated: Double) {
            self.raw = raw
            self.calibrated = calibrated
        }
    }

    /// Raw scores strictly increasing, calibrated scores non-decreasing, all within 0–1.
    public let knots: [Knot]

    /// Nil unless the knots form a valid map (what a model file read from disk is checked against).
    public init?(knots: [Knot]) {
        guard !knots.isEmpty, knots.count <= Self.maximumKnots,
            knots.allSatisfy({ (0...1).contains($0.raw) && (0...1).contains($0.calibrated) }),
            zip(knots, knots.dropFirst()).allSatisfy({ $0.raw < $1.raw && $0.calibrated <= $1.calibrated })
        else { return nil }
        self.knots = knots
    }

    static let maximumKnots = 1 << 16

    /// Leaves scores as they are.
    public static let identity = ScoreCalibration(knots: [Knot(raw: 0, calibrated: 0), Knot(raw: 1, calibrated: 1)])!

    public func apply(_ raw: Double) -> Double {
        guard let first = knots.first, let last = knots.last else { return raw }
        if raw <= first.raw { return first.calibrated }
        if raw >= last.raw { return last.calibrated }
        var low = 0, high = knots.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if knots[middle].raw <= raw { low = middle } else { high = middle }
        }
        let (a, b) = (knots[low], knots[high])
        return a.calibrated + (b.calibrated - a.calibrated) * (raw - a.raw) / (b.raw - a.raw)
    }

    /// Pool-adjacent-violators on the samples sorted by score: neighbouring groups whose attack rates are out of
    /// order are merged until the rates rise with the score. Outcomes are Platt's smoothed targets
    /// (`(N₊ + 1) / (N₊ + 2)` for an attack, `1 / (N₋ + 2)` otherwise), so no score is calibrated to exactly 0 or 1.
    /// Each group gives a knot at its mean raw score. Deterministic; identity when a class is missing.
    public static func fit(_ samples: [(score: Double, positive: Bool)]) -> ScoreCalibration {
        let positives = Double(samples.filter(\.positive).count), negatives = Double(samples.count) - positives
        guard positives > 0, negatives > 0 else { return .identity }
        let attack = (positives + 1) / (positives + 2), other = 1 / (negatives + 2)
        struct Group { var low: Double, high: Double, count: Double, sum: Double, scoreSum: Double }
        var groups: [Group] = []
        for sample in samples.sorted(by: { $0.score < $1.score }) {
            let score = min(max(sample.score, 0), 1)
            var group = Group(low: score, high: score, count: 1, sum: sample.positive ? attack : other, scoreSum: score)
            // Equal scores share a group (one raw score, one calibrated score), and out-of-order neighbours merge.
            while let last = groups.last, last.high == group.low || last.sum / last.count >= group.sum / group.count {
                groups.removeLast()
                group = Group(
                    low: last.low, high: group.high, count: last.count + group.count, sum: last.sum + group.sum,
                    scoreSum: last.scoreSum + group.scoreSum)
            }
            groups.append(group)
        }
        // One knot per group, at its mean raw score: the map rises between groups instead of stepping, so every raw
        // score keeps its own place (a threshold can fall anywhere, not only between plateaus).
        let knots = groups.map { Knot(raw: $0.scoreSum / $0.count, calibrated: $0.sum / $0.count) }
        return ScoreCalibration(knots: knots) ?? .identity
    }
}

/// How well scores match outcomes: scores are put into ten equal-width bins and each bin's mean score is set
/// beside the share of attacks in it. The expected calibration error is the gap averaged over texts; the Brier
/// score is the mean squared difference between score and outcome.
public struct ReliabilityReport: Sendable, Hashable {
    public struct Bin: Sendable, Hashable {
        public var range: ClosedRange<Double>
        public var count: Int
        public var meanScore: Double
        public var attackRate: Double
    }

    public var bins: [Bin]
    public var expectedCalibrationError: Double
    public var brierScore: Double

    public init(_ samples: [(score: Double, positive: Bool)]) {
        var sums = [(count: Int, score: Double, positives: Int)](repeating: (0, 0, 0), count: 10)
        var brier = 0.0
        for sample in samples {
            let bin = min(9, max(0, Int(sample.score * 10)))
            sums[bin].count += 1
            sums[bin].score += sample.score
            if sample.positive { sums[bin].positives += 1 }
            brier += (sample.score - (sample.positive ? 1 : 0)) * (sample.score - (sample.positive ? 1 : 0))
        }
        bins = sums.enumerated().compactMap { index, sum in
            guard sum.count > 0 else { return nil }
            return Bin(
                range: Double(index) / 10...Double(index + 1) / 10, count: sum.count,
                meanScore: sum.score / Double(sum.count), attackRate: Double(sum.positives) / Double(sum.count))
        }
        let total = Double(max(1, samples.count))
        expectedCalibrationError = bins.reduce(0) { $0 + Double($1.count) / total * abs($1.meanScore - $1.attackRate) }
        brierScore = brier / total
    }

    /// A Markdown table of the bins, then ECE and Brier.
    public var table: String {
        var lines = ["| score | texts | mean score | attacks |", "|---|---|---|---|"]
        for bin in bins {
            lines.append(
                String(
                    format: "| %.1f–%.1f | %d | %.3f | %.3f |", bin.range.lowerBound, bin.range.upperBound, bin.count, bin.meanScore,
                    bin.attackRate))
        }
        lines.append(String(format: "expected calibration error %.3f, Brier score %.3f", expectedCalibrationError, brierScore))
        return lines.joined(separator: "\n")
    }
}
