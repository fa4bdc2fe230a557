import Foundation

/// One labelled text of a detection dataset: `{"text", "label"}` with labels `injection`, `jailbreak`, `benign`,
/// `harmful` and `indirect-instruction`.
public struct LabelledText: Sendable, Hashable {
    public var text: String
    public var label: String

    public init(text: String, label: String) {
        self.text = text
        self.label = label
    }

    /// The labels that count as attacks the injection detector should catch.
    public static let injectionLabels: Set<String> = ["injection", "jailbreak"]

    public var isInjection: Bool { Self.injectionLabels.contains(label) }

    /// Rows the injection model trains on: attacks against benign and harmful texts (an indirect instruction is an
    /// ordinary task on its own, so it is not a training example either way).
    public var isTrainingRow: Bool { isInjection || label == "benign" || label == "harmful" }

    /// Every label `guard eval` and `guard train` read, in the order they are listed to a user; any other label is an
    /// input error (a typo would otherwise silently drop or misfile a row).
    public static let knownLabels = ["injection", "jailbreak", "benign", "harmful", "indirect-instruction"]

    /// The fewest texts of each class (attacks; benign and harmful) that training accepts, and that K-fold
    /// cross-validation needs at least K of, so that every fold holds both classes.
    public static let minimumPerClass = 5

    /// Why `rows` are too few to train on with `folds`-fold cross-validation (0 or 1: none), or nil when enough.
    public static func trainingShortfall(_ rows: [LabelledText], folds: Int) -> String? {
        let attacks = rows.count { $0.isInjection && $0.isTrainingRow }
        let others = rows.count { !$0.isInjection && $0.isTrainingRow }
        let needed = max(minimumPerClass, folds)
        guard attacks < needed || others < needed else { return nil }
        return "too little data to train: \(attacks) injection/jailbreak and \(others) benign/harmful texts; "
            + "each class needs at least \(needed) (\(minimumPerClass), and at least one per fold with --folds \(folds))"
    }
}

/// Evaluation of the injection detector: cross-validation, the document placement for indirect injection, and the
/// precision/recall/F1/false-positive-rate report `bulwark guard eval` and `train --folds` print.
public enum DetectionEvaluation {
    /// Each row scored by a detector whose model was trained on the other folds (row index modulo `folds`).
    public static func crossValidate(_ rows: [LabelledText], folds: Int) -> [(LabelledText, Double)] {
        let featurizer = InjectionDetector(model: nil)
        let samples = rows.map { (features: featurizer.features($0.text), positive: $0.isInjection) }
        var scored: [(LabelledText, Double)] = []
        for fold in 0..<folds {
            let training = samples.indices.filter { $0 % folds != fold }.map { samples[$0] }
            let detector = InjectionDetector(model: InjectionModelTrainer().train(training))
            for index in samples.indices where index % folds == fold {
                scored.append((rows[index], detector.assess(rows[index].text).score))
            }
        }
        return scored
    }

    /// The calibration fitted on every cross-validated score (what a model trained on all rows carries), and each
    /// score calibrated by a fit on the other folds only, so the reliability of calibrated scores is measured on
    /// scores the fit never saw.
    public static func calibrate(_ scored: [(LabelledText, Double)], folds: Int) -> (
        calibration: ScoreCalibration, crossFitted: [(LabelledText, Double)]
    ) {
        let samples = scored.map { (score: $0.1, positive: $0.0.isInjection) }
        var crossFitted = scored
        for fold in 0..<max(1, folds) {
            let fit = ScoreCalibration.fit(samples.indices.filter { folds > 1 && $0 % folds != fold }.map { samples[$0] })
            for index in scored.indices where index % max(1, folds) == fold { crossFitted[index].1 = fit.apply(scored[index].1) }
        }
        return (ScoreCalibration.fit(samples), crossFitted)
    }

    /// Reliability of scores for injection and jailbreak rows against the rest.
    public static func reliability(_ scored: [(LabelledText, Double)]) -> ReliabilityReport {
        ReliabilityReport(scored.map { (score: $0.1, positive: $0.0.isInjection) })
    }

    /// Places a text inside a retrieved document, as indirect injections arrive.
    public static func embedInDocument(_ text: String) -> String {
        "Subject: Quarterly update\n\nHi team,\n\nThe numbers for the quarter are attached and the review is on Thursday. \(text)\n\nBest regards,\nDana"
    }

    /// Precision, recall, F1 and false-positive rate of attacks against benign texts.
    public static func summary(_ results: [(LabelledText, Bool)]) -> String {
        let positives = results.filter { $0.0.isInjection }
        let benign = results.filter { $0.0.label == "benign" }
        let truePositives = positives.filter(\.1).count
        let falsePositives = benign.filter(\.1).count
        let precision = truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
        let recall = positives.isEmpty ? 0 : Double(truePositives) / Double(positives.count)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        let fpr = benign.isEmpty ? 0 : Double(falsePositives) / Double(benign.count)
        return String(format: "precision %.3f  recall %.3f  F1 %.3f  FPR %.3f", precision, recall, f1, fpr)
    }

    /// The `guard eval` report: direct results by label, and the document placement.
    public static func report(direct: [(LabelledText, Bool)], documents: [(LabelledText, Bool)]) -> String {
        func rate(_ rows: [(LabelledText, Bool)], _ label: String) -> String {
            let selected = rows.filter { $0.0.label == label }
            guard !selected.isEmpty else { return "n/a" }
            return String(
                format: "%.3f (%d of %d)", Double(selected.filter(\.1).count) / Double(selected.count), selected.filter(\.1).count,
                selected.count)
        }
        return """
            injection + jailbreak vs benign: \(summary(direct))
              injection detected:   \(rate(direct, "injection"))
              jailbreak detected:   \(rate(direct, "jailbreak"))
              benign flagged:       \(rate(direct, "benign"))
            harmful (not an injection) flagged: \(rate(direct, "harmful"))
            inside a retrieved document (role: document):
              indirect-instruction detected: \(rate(documents, "indirect-instruction"))
              benign flagged:                \(rate(documents, "benign"))
            """
    }
}
