import Foundation

/// What the injection detector concluded about one text.
public struct InjectionAssessment: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case allow, flag, block
    }

    /// 0–1: the model's probability and the signals' evidence combined.
    public var score: Double
    public var verdict: Verdict
    public var signals: [InjectionSignal]
}

/// Prompt-injection and jailbreak detection: the text is normalised into views (see ``TextNormalizer``), the
/// interpretable signals are looked for in every view (a signal in a decoded view is also payload smuggling),
/// and the statistical model scores the main view with the signals as features. The score is
/// `1 − (1 − model × min(1, words / 4)) × (1 − signals)`, the signals' evidence being `1 − ∏(1 − weight)`.
public struct InjectionDetector: Sendable {
    public struct Thresholds: Sendable, Hashable {
        public var flag: Double
        public var block: Double

        public init(flag: Double, block: Double) {
            self.flag = flag
            self.block = block
        }

        /// Chosen with cross-validation on the development set so that under 1% of benign prompts are flagged
        /// (docs/detection.md).
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
        var signals = Self.signals(in: views)
        if role == .document || role == .tool { signals = (signals + Self.indirectSignals(in: views.first?.text ?? "")).sorted() }
        let main = views.first?.text ?? ""
        // A few words are little evidence for a bag-of-n-grams model ("Hello" shares its n-grams with attacks as
        // much as with greetings), so the model's score counts fully from four words on; signals count always.
        let wordCount = Tokenizer.words(main).lazy.filter { $0 != "." && $0 != "," }.prefix(4).count
        let modelScore = (model.map { $0.probability(InjectionModel.features(normalized: main, signals: signals)) } ?? 0) * Double(wordCount) / 4
        let evidence = 1 - signals.reduce(1.0) { $0 * (1 - $1.weight) }
        let score = 1 - (1 - modelScore) * (1 - evidence)
        let verdict: InjectionAssessment.Verdict = score >= thresholds.block ? .block : score >= thresholds.flag ? .flag : .allow
        return InjectionAssessment(score: score, verdict: verdict, signals: signals)
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
        for view in views {
            var fired = SignalMatcher.shared.signals(in: SignalMatcher.shared.ids(view.text))
            // Chat-template markers are not letters a reader would fold: the leetspeak and ROT13 views skip them.
            let markers = view.origin == .leetspeak || view.origin == .rot13 ? [] : DelimiterScanner.shared.markers(in: view.text)
            for (marker, weight) in markers {
                fired.append(InjectionSignal(category: .fakeDelimiter, name: "fake_delimiter:\(marker.trimmingCharacters(in: .whitespacesAndNewlines))", weight: weight))
            }
            for signal in fired {
                fire(signal)
                if view.isDecoded {
                    fire(InjectionSignal(category: .payloadSmuggling, name: "payload_smuggling:\(view.origin.rawValue)", weight: max(0.6, signal.weight)))
                }
            }
        }
        return strongest.values.sorted()
    }
}
