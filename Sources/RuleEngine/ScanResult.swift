public import PostureModel
public import SourceModel

/// Everything one scan found: the findings of the rules, the resources they judged and every problem with
/// the inputs and rule files. What reports render (whatever the input format) and what the exit code is
/// computed from.
public struct ScanResult: Sendable {
    /// Inputs scanned: the file (or scope) naming each unit loaded, whether or not it had problems.
    public var files: [String]
    public var resources: [Resource]
    public var findings: [Finding]
    /// Problems with inputs and rule files, in the order found.
    public var problems: [Diagnostic]
    public var rules: [Rule]

    public init(files: [String] = [], resources: [Resource] = [], findings: [Finding] = [], problems: [Diagnostic] = [], rules: [Rule] = []) {
        self.files = files
        self.resources = resources
        self.findings = findings
        self.problems = problems
        self.rules = rules
    }

    public struct Summary: Sendable, Hashable, Codable {
        public var files: Int
        public var resources: Int
        public var passed: Int
        public var failed: Int
        public var unknown: Int
        public var errors: Int
    }

    public var summary: Summary {
        Summary(
            files: files.count, resources: resources.count,
            passed: findings.count { $0.status == .pass },
            failed: findings.count { $0.status == .fail },
            unknown: findings.count { $0.status == .unknown },
            errors: errors.count
        )
    }

    /// Problems that mean an input, or part of it, could not be scanned.
    public var errors: [Diagnostic] { problems.filter { $0.severity == .error } }

    public func rule(for finding: Finding) -> Rule? {
        rules.first { $0.id == finding.ruleID }
    }

    /// The process exit code CI reads: 2 when an input could not be read or parsed (everything else was still
    /// scanned), 1 when a finding failed at or above `failOn`, else 0.
    public func exitCode(failOn: Severity) -> Int32 {
        if !errors.isEmpty { return 2 }
        let severities = Dictionary(rules.map { ($0.id, $0.severity) }, uniquingKeysWith: { first, _ in first })
        let failing = findings.contains { $0.status == .fail && (severities[$0.ruleID] ?? .info) >= failOn }
        return failing ? 1 : 0
    }
}
