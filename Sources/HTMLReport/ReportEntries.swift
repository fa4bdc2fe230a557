import PostureModel
import RuleEngine

/// The findings a person acts on (everything but passes), each with its rule, in the order the report lists them:
/// failures first, then undecided, then suppressed; most severe first within each.
struct ReportEntries {
    struct Entry {
        var finding: Finding
        var rule: Rule?
        var severity: Severity
        /// `fail`, `unknown` or `suppressed`, as the status filter names them.
        var status: FindingStatus
        /// `new`, `unchanged` and `expired` (an expired suppression), for the status filter.
        var flags: [String]
    }

    var entries: [Entry]
    var passed: Int
    var rules: [String: Rule]

    init(_ result: ScanResult) {
        rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        var passed = 0
        for finding in result.findings {
            if finding.status == .pass {
                passed += 1
                continue
            }
            let rule = rules[finding.ruleID]
            var flags: [String] = []
            if let baseline = finding.baseline { flags.append(baseline.rawValue) }
            if finding.suppression?.expired == true { flags.append("expired") }
            entries.append(Entry(finding: finding, rule: rule, severity: rule?.severity ?? .info, status: finding.status, flags: flags))
        }
        func rank(_ status: FindingStatus) -> Int {
            switch status {
            case .fail: 0
            case .unknown: 1
            case .suppressed: 2
            case .pass: 3
            }
        }
        entries.sort { lhs, rhs in
            if rank(lhs.status) != rank(rhs.status) { return rank(lhs.status) < rank(rhs.status) }
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            if lhs.finding.ruleID != rhs.finding.ruleID { return lhs.finding.ruleID < rhs.finding.ruleID }
            if lhs.finding.location.file != rhs.finding.location.file { return lhs.finding.location.file < rhs.finding.location.file }
            return lhs.finding.location.line < rhs.finding.location.line
        }
        self.entries = entries
        self.passed = passed
    }

    /// Failing findings by control, most first (ties by name), with how many of them are new.
    func failingControls() -> [(control: Control, failed: Int, worst: Severity)] {
        var counts: [Control: (Int, Severity)] = [:]
        for entry in entries where entry.status == .fail {
            for control in entry.rule?.controls ?? [] {
                let current = counts[control] ?? (0, .info)
                counts[control] = (current.0 + 1, max(current.1, entry.severity))
            }
        }
        return counts.map { (control: $0.key, failed: $0.value.0, worst: $0.value.1) }
            .sorted { $0.failed != $1.failed ? $0.failed > $1.failed : $0.control.rawValue < $1.control.rawValue }
    }

    /// Counts of failed, undecided and suppressed findings grouped by `key`, most failures first.
    func grouped(by key: (Finding) -> String) -> [(key: String, failed: Int, unknown: Int, suppressed: Int)] {
        var groups: [String: (Int, Int, Int)] = [:]
        for entry in entries {
            var counts = groups[key(entry.finding)] ?? (0, 0, 0)
            switch entry.status {
            case .fail: counts.0 += 1
            case .unknown: counts.1 += 1
            default: counts.2 += 1
            }
            groups[key(entry.finding)] = counts
        }
        return groups.map { (key: $0.key, failed: $0.value.0, unknown: $0.value.1, suppressed: $0.value.2) }
            .sorted { $0.failed != $1.failed ? $0.failed > $1.failed : $0.key < $1.key }
    }
}

extension Severity {
    /// The severity as a person reads it: `Critical`.
    var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

extension FindingStatus {
    var label: String {
        switch self {
        case .pass: "Passed"
        case .fail: "Failed"
        case .unknown: "Unknown"
        case .suppressed: "Suppressed"
        }
    }
}
