import SensitiveData

/// Which guards run for a policy, and how strict they are.
public struct GuardProfile: Sendable {
    public var name: String
    /// Injection thresholds; nil turns the injection guard off.
    public var injection: InjectionDetector.Thresholds?
    /// What to do with personal data and secrets; nil turns the guard off.
    public var redaction: RedactionPolicy?
    public var blocklist: Blocklist?
    /// Check completions too (streamed ones as they arrive).
    public var checkCompletions: Bool
    /// Put masked values back where the answer repeats their placeholders (`[EMAIL_1]`), within the same request.
    public var restorePlaceholders: Bool

    public init(
        name: String, injection: InjectionDetector.Thresholds?, redaction: RedactionPolicy?, blocklist: Blocklist?, checkCompletions: Bool,
        restorePlaceholders: Bool = false
    ) {
        self.name = name
        self.injection = injection
        self.redaction = redaction
        self.blocklist = blocklist
        self.checkCompletions = checkCompletions
        self.restorePlaceholders = restorePlaceholders
    }
}

/// One guard's verdict on one text, for the client's content-filter result, the audit log and metrics.
public struct GuardFinding: Sendable, Hashable {
    public enum Guard: String, Sendable, Hashable {
        case promptInjection = "prompt_injection"
        case personalData = "personal_data"
        case secrets
        case blocklist
    }

    public var guardName: Guard
    public var verdict: InjectionAssessment.Verdict
    public var score: Double?
    /// Signals, kinds of data found, or the blocklist entry: never the matched text itself.
    public var details: [String]
}

/// The outcome of checking a request's messages.
public struct PromptCheck: Sendable {
    /// The first finding that blocks the request, if any.
    public var blocking: GuardFinding?
    /// Every finding, blocking or not.
    public var findings: [GuardFinding]
    /// Texts to send instead of the originals (personal data and secrets masked or hashed), by message index.
    public var rewritten: [Int: String]
    /// The placeholders handed out, to restore them in this request's answer.
    public var placeholders: PlaceholderTable
}

/// A message to check: its role decides which guards look at it.
public struct GuardedMessage: Sendable {
    public var role: InjectionDetector.Role
    public var text: String

    public init(role: InjectionDetector.Role, text: String) {
        self.role = role
        self.text = text
    }
}

/// Runs a ``GuardProfile`` over prompts and completions.
public struct GuardEngine: Sendable {
    public let profile: GuardProfile
    let detector: InjectionDetector
    let redactor: Redactor?

    public init(profile: GuardProfile, model: InjectionModel? = InjectionModel.bundled) {
        self.profile = profile
        detector = InjectionDetector(model: model, thresholds: profile.injection ?? .standard)
        redactor = profile.redaction.map { Redactor(policy: $0) }
    }

    /// Injection on user, tool and document messages (system and developer messages are trusted, assistant turns
    /// are the model's own); the blocklist and personal data/secrets on every message, whatever its role: trust
    /// exempts a text from injection scoring only, never from redaction or blocking.
    public func checkPrompt(_ messages: [GuardedMessage]) -> PromptCheck {
        var findings: [GuardFinding] = []
        var rewritten: [Int: String] = [:]
        var placeholders = PlaceholderTable()
        for (index, message) in messages.enumerated() {
            if profile.injection != nil, message.role != .assistant, message.role != .system {
                let assessment = detector.assess(message.text, role: message.role)
                if assessment.verdict != .allow {
                    findings.append(
                        GuardFinding(
                            guardName: .promptInjection, verdict: assessment.verdict, score: assessment.score,
                            details: assessment.signals.map(\.name)))
                }
            }
            if let entry = profile.blocklist?.firstMatch(in: message.text) {
                findings.append(GuardFinding(guardName: .blocklist, verdict: .block, score: nil, details: [Self.describe(entry)]))
            }
            if let redactor {
                let redaction = redactor.redact(message.text, placeholders: &placeholders)
                findings += Self.dataFindings(redaction)
                if redaction.text != message.text { rewritten[index] = redaction.text }
            }
        }
        return PromptCheck(
            blocking: findings.first { $0.verdict == .block }, findings: findings, rewritten: rewritten, placeholders: placeholders)
    }

    /// The blocking finding for a completion so far, if any: the blocklist, and personal data or secrets whose
    /// action is `block`.
    public func checkCompletion(_ text: String) -> GuardFinding? {
        if let entry = profile.blocklist?.firstMatch(in: text) {
            return GuardFinding(guardName: .blocklist, verdict: .block, score: nil, details: [Self.describe(entry)])
        }
        if let redactor {
            return Self.dataFindings(redactor.redact(text)).first { $0.verdict == .block }
        }
        return nil
    }

    static func dataFindings(_ redaction: Redaction) -> [GuardFinding] {
        var findings: [GuardFinding] = []
        for (secret, guardName) in [(false, GuardFinding.Guard.personalData), (true, .secrets)] {
            let kinds = Array(Set(redaction.findings.filter { $0.isSecret == secret })).map(\.rawValue).sorted()
            guard !kinds.isEmpty else { continue }
            let blocked = redaction.blocked.contains { $0.isSecret == secret }
            findings.append(GuardFinding(guardName: guardName, verdict: blocked ? .block : .flag, score: nil, details: kinds))
        }
        return findings
    }

    static func describe(_ entry: Blocklist.Entry) -> String {
        switch entry {
        case .exact(let term): "exact:\(term)"
        case .word(let term): "word:\(term)"
        case .regex(let pattern): "regex:\(pattern)"
        case .fuzzy(let term, let distance): "fuzzy:\(term)~\(distance)"
        }
    }
}
