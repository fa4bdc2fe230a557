import Foundation

/// What the injection detector concluded about one text.
public struct InjectionAssessment: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case allow, flag, block
    }

    /// 0–1: the model's probability and the signals' evidence combined, then calibrated (see ``ScoreCalibration``).
    public var score: Double
    public var verdict: Verdict
    public var signals: [InjectionSignal]
    /// Why the score is not the model's and the signals' (text that is not language gets a neutral score).
    public var reason: String?
}

/// Prompt-injection and jailbreak detection: the text is normalised into views (see ``TextNormalizer``), the
/// interpretable signals are looked for in every view (a signal in a decoded view is also payload smuggling),
/// and the statistical model scores the main view with the signals as features. The score is
/// `1 − (1 − model × min(1, words / 4)) × (1 − signals)`, the signals' evidence being `1 − ∏(1 − weight)`, mapped
/// through the model's calibration (isotonic, fitted on cross-validated scores) so it reads as a probability. In
/// documents and tool results the indirect-instruction signals are then combined with it the same way.
public struct InjectionDetector: Sendable {
    public struct Thresholds: Sendable, Hashable {
        public var flag: Double
        public var block: Double

        public init(flag: Double, block: Double) {
            self.flag = flag
            self.block = block
        }

        /// On the calibrated score. Chosen with cross-validation on the training data and checked on a held-out set
        /// of in-the-wild style jailbreaks: flag where about 60% of the texts scored there were attacks, which keeps
        /// under 1% of the development set's benign prompts flagged (docs/detection.md).
        public static let standard = Thresholds(flag: 0.6, block: 0.9)
    }

    public var model: InjectionModel?
    public var thresholds: Thresholds
    let normalizer = TextNormalizer()

    public init(model: InjectionModel? = InjectionModel.bundled, thresholds: Thresholds = .standard) {
        self.model = model
        self.thresholds = thresholds
    }

    /// Where a text sits in a chat request. System messages are trusted and not scanned; user messages are
    /// scanned for direct injection; documents and tool or function results are scanned for indirect injection
    /// too (instructions to the assistant have no business in them).
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case system, user, assistant, document, tool
    }

    public func assess(_ text: String, role: Role = .user) -> InjectionAssessment {
        guard role != .system else { return InjectionAssessment(score: 0, verdict: .allow, signals: []) }
        let views = normalizer.views(of: text)
        let main = views.first?.text ?? ""
        var signals = Self.signals(in: views)
        // A few words are little evidence for a bag-of-n-grams model ("Hello" shares its n-grams with attacks as
        // much as with greetings), so the model's score counts fully from four words on.
        let wordCount = Tokenizer.wordCount(main, upTo: 4)
        let shortness = Double(wordCount) / 4
        // The model learned language. Binary data (mostly control characters and bytes that were not UTF-8, which
        // normalisation drops, gluing the printable bytes between them into n-grams no text has) drifts its score
        // up with length, so in binary data the model scores only the runs of text between the junk, the highest
        // counting; the signals still read all of it.
        let notText = TextComposition(text).notTextReason
        let modelScore: Double
        if notText == nil {
            modelScore = (model.map { $0.probability(InjectionModel.features(normalized: main, signals: signals)) } ?? 0) * shortness
        } else {
            modelScore =
                model.map { model in
                    TextComposition.languageRuns(in: text).map { run in
                        model.probability(InjectionModel.features(normalized: TextNormalizer.normalize(run), signals: signals))
                    }.max() ?? 0
                } ?? 0
        }
        // Weak signals are ambiguous phrases ("debug mode", "opposite day") that need context to mean an attack;
        // a text of a few words has none, so they are discounted like the model. Strong signals count fully.
        let weighed = signals.map {
            $0.weight < Self.strongSignal ? InjectionSignal(category: $0.category, name: $0.name, weight: $0.weight * shortness) : $0
        }
        let raw = 1 - (1 - modelScore) * (1 - Self.evidence(weighed))
        var score = model?.calibration.apply(raw) ?? raw
        // The calibration was fitted on direct prompts; inside documents and tool results, instructions addressed
        // to the assistant are evidence of their own, added on top.
        if role == .document || role == .tool {
            let indirect = Self.indirectSignals(in: main)
            score = 1 - (1 - score) * (1 - Self.evidence(indirect))
            signals = (signals + indirect).sorted()
        }
        if let notText, signals.isEmpty, modelScore == 0 {
            // Nothing to judge: a neutral score, and why.
            return InjectionAssessment(score: 0, verdict: .allow, signals: [], reason: notText)
        }
        let verdict: InjectionAssessment.Verdict = score >= thresholds.block ? .block : score >= thresholds.flag ? .flag : .allow
        return InjectionAssessment(
            score: score, verdict: verdict, signals: signals, reason: notText.map { "\($0); the model scored its runs of text only" })
    }

    /// Signals from this weight on are unambiguous enough to count in a text of any length.
    static let strongSignal = 0.5

    /// `1 − ∏(1 − weight)`: independent pieces of evidence combined.
    static func evidence(_ signals: [InjectionSignal]) -> Double {
        1 - signals.reduce(1.0) { $0 * (1 - $1.weight) }
    }

    /// The features the model sees for `text` (for training and evaluation).
    public func features(_ text: String) -> [InjectionModel.Feature] {
        let views = normalizer.views(of: text)
        return InjectionModel.features(normalized: views.first?.text ?? "", signals: Self.signals(in: views))
    }

    /// Instructions to the assistant inside a document or tool result.
    static func indirectSignals(in text: String) -> [InjectionSignal] {
        let matcher = SignalMatcher.shared
        var strongest: [String: InjectionSignal] = [:]
        for signal in matcher.indirectSignals(in: matcher.ids(text)) where (strongest[signal.name]?.weight ?? -1) < signal.weight {
            strongest[signal.name] = signal
        }
        return Array(strongest.values)
    }

    static func signals(in views: [TextNormalizer.View]) -> [InjectionSignal] {
        var strongest: [String: InjectionSignal] = [:]
        func fire(_ signal: InjectionSignal) {
            if (strongest[signal.name]?.weight ?? -1) < signal.weight { strongest[signal.name] = signal }
        }
        let matcher = SignalMatcher.shared
        for (index, view) in views.enumerated() {
            // The text itself is read three ways in one pass: as written, in ROT13 (payload smuggling) and with
            // leetspeak folded; decoded segments as written.
            var readings: [(origin: TextNormalizer.View.Origin, words: [Int32])]
            if index == 0 {
                let hashes = Tokenizer.foldedWordHashes(view.text)
                readings = [(view.origin, matcher.ids(hashes: hashes.plain)), (.rot13, matcher.ids(hashes: hashes.rot13))]
                if hashes.leetspeak != hashes.plain { readings.append((.leetspeak, matcher.ids(hashes: hashes.leetspeak))) }
            } else {
                readings = [(view.origin, matcher.ids(view.text))]
            }
            for reading in readings {
                var fired = matcher.signals(in: reading.words)
                if reading.origin != .rot13 && reading.origin != .leetspeak {
                    for found in DelimiterScanner.shared.markers(in: view.text) {
                        let name = "\(found.category.rawValue):\(found.marker.trimmingCharacters(in: .whitespacesAndNewlines))"
                        fired.append(InjectionSignal(category: found.category, name: name, weight: found.weight))
                    }
                }
                let decoded = reading.origin == .rot13 || view.isDecoded
                for signal in fired {
                    fire(signal)
                    if decoded {
                        fire(
                            InjectionSignal(
                                category: .payloadSmuggling, name: "payload_smuggling:\(reading.origin.rawValue)",
                                weight: max(0.7, signal.weight)))
                    }
                }
            }
        }
        return strongest.values.sorted()
    }
}
