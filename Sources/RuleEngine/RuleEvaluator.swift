public import PostureModel

/// Judges resources against rules. Pure and `Sendable`: one evaluator serves a whole scan.
public struct RuleEvaluator: Sendable {
    public init() {}

    /// Every finding of `rules` over the resources of `index`: one per applicable (rule, resource) pair.
    public func evaluate(_ rules: [Rule], over index: ResourceIndex) -> [Finding] {
        // The rules of each type, in their order: a resource is judged only by the rules that can apply to it.
        var byType: [ResourceType: [Int]] = [:]
        for (position, rule) in rules.enumerated() {
            for type in Set(rule.applicability.types) { byType[type, default: []].append(position) }
        }
        var findings: [Finding] = []
        for resource in index.resources {
            for position in byType[resource.type] ?? [] {
                if let finding = evaluate(rules[position], on: resource, in: index) { findings.append(finding) }
            }
        }
        return findings
    }

    /// The finding of one rule on one resource, or nil when the rule does not apply to it.
    public func evaluate(_ rule: Rule, on resource: Resource, in index: ResourceIndex) -> Finding? {
        guard rule.applicability.types.contains(resource.type) else { return nil }
        if !rule.applicability.kinds.isEmpty {
            guard let kind = resource.kind?.stringValue,
                rule.applicability.kinds.contains(where: { $0.caseInsensitiveEquals(kind) })
            else { return nil }
        }
        var context = Context(resource: resource, index: index, defaults: rule.defaults)
        if let condition = rule.applicability.condition, context.evaluate(condition).truth == .false { return nil }
        let outcome = context.evaluate(rule.requirement)
        return makeFinding(rule, resource, outcome)
    }

    private func makeFinding(_ rule: Rule, _ resource: Resource, _ outcome: Outcome) -> Finding {
        var evidence = outcome.evidence
        // Evidence is shown in reports: a credential inside it (a Graph passwordCredential's secretText) is not.
        let redacted = evidence?.value?.redactingSecrets()
        evidence?.value = redacted
        let status: FindingStatus
        let message: String
        switch outcome.truth {
        case .true:
            status = .pass
            message = "\(rule.title): satisfied."
        case .false:
            status = .fail
            var text = rule.failureMessage
            if let note = evidence?.note {
                text += " (\(note))"
            } else if let evidence, let path = evidence.path {
                text += evidence.value.map { " (\(path) is \(Self.abbreviated($0.displayText)))" } ?? " (\(path) is not set)"
            }
            message = text
        case .unknown:
            status = .unknown
            if let unread = evidence?.unread {
                message = "Cannot decide: \(unread)."
            } else if let unknown = evidence?.value?.unknown {
                message = "Cannot decide from the template: \(evidence?.path ?? "a value") is \(unknown.expression), and \(unknown.reason)."
            } else {
                message = "Cannot decide from the template: a value the rule needs is known only at deployment."
            }
        }
        return Finding(
            ruleID: rule.id, status: status, resource: ResourceReference(resource),
            property: evidence?.path, actual: evidence?.value, message: message,
            location: evidence?.value?.location ?? resource.source
        )
    }
}

/// The value that decided a condition, for the finding's `property`, `actual` and location.
struct Evidence {
    var path: String?
    var value: Value?
    /// Why the input cannot decide, when the reason is what was not read (a collector denied or cut short).
    var unread: String?
    /// A note given as text, or the parts of a count's note, written out only when a message needs it.
    private var noteText: String?
    private var countedFilter: (matches: Int, total: Int, undecided: Int, path: FieldPath, filter: Condition)?

    init(path: String?, value: Value?, note: String? = nil, unread: String? = nil) {
        self.path = path
        self.value = value
        self.noteText = note
        self.unread = unread
    }

    /// A count with a filter: its note (`1 of 5 path match ...`) is written only when read.
    init(path: String?, value: Value?, matches: Int, of total: Int, undecided: Int, path counted: FieldPath, filter: Condition) {
        self.init(path: path, value: value)
        countedFilter = (matches, total, undecided, counted, filter)
    }

    /// Said instead of the value when the value itself is not the point (a count: "1 of 5 ... match").
    var note: String? {
        if let noteText { return noteText }
        guard let counted = countedFilter else { return nil }
        let text = "\(counted.matches) of \(counted.total) \(counted.path.text) match \(counted.filter.summary(relativeTo: counted.path))"
        return counted.undecided > 0 ? text + ", \(counted.undecided) undecided" : text
    }
}

extension RuleEvaluator {
    /// Messages quote values; long ones are cut (the full value is in the finding's `actual`).
    static func abbreviated(_ text: String, limit: Int = 120) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

struct Outcome {
    var truth: Truth
    var evidence: Evidence?
}
