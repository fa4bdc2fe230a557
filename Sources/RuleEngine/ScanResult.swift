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
    /// Hosts of merged vulnerability scans (Nessus), joined to resources or not, with their open ports.
    public var hosts: [ScannedHost]
    /// With a baseline: its failures that this scan no longer finds. Nil when no baseline was given.
    public var fixed: [BaselineEntry]?

    public init(
        files: [String] = [], resources: [Resource] = [], findings: [Finding] = [], problems: [Diagnostic] = [], rules: [Rule] = [],
        hosts: [ScannedHost] = [], fixed: [BaselineEntry]? = nil
    ) {
        self.files = files
        self.resources = resources
        self.findings = findings
        self.problems = problems
        self.rules = rules
        self.hosts = hosts
        self.fixed = fixed
    }

    public struct Summary: Sendable, Hashable, Codable {
        public var files: Int
        public var resources: Int
        public var passed: Int
        public var failed: Int
        public var unknown: Int
        public var errors: Int
        /// Findings set aside by a suppression that has not expired.
        public var suppressed: Int
        /// Failing findings whose suppression has expired (they count as failed too).
        public var expiredSuppressions: Int
        /// With a baseline: failures not in it, failures already in it, and its entries no longer found. Nil
        /// without a baseline.
        public var new: Int?
        public var unchanged: Int?
        public var fixed: Int?
    }

    public var summary: Summary {
        Summary(
            files: files.count, resources: resources.count,
            passed: findings.count { $0.status == .pass },
            failed: findings.count { $0.status == .fail },
            unknown: findings.count { $0.status == .unknown },
            errors: errors.count,
            suppressed: findings.count { $0.status == .suppressed },
            expiredSuppressions: findings.count { $0.suppression?.expired == true && $0.status == .fail },
            new: fixed == nil ? nil : findings.count { $0.status == .fail && $0.baseline == .new },
            unchanged: fixed == nil ? nil : findings.count { $0.status == .fail && $0.baseline == .unchanged },
            fixed: fixed?.count
        )
    }

    /// Problems that mean an input, or part of it, could not be scanned.
    public var errors: [Diagnostic] { problems.filter { $0.severity == .error } }

    public func rule(for finding: Finding) -> Rule? {
        rules.first { $0.id == finding.ruleID }
    }

    /// The process exit code CI reads: 2 when an input could not be read or parsed (everything else was still
    /// scanned), 1 when a finding failed at or above `failOn`, else 0. Suppressed findings never count; with a
    /// baseline, only new failures do.
    public func exitCode(failOn: Severity) -> Int32 {
        if !errors.isEmpty { return 2 }
        let severities = Dictionary(rules.map { ($0.id, $0.severity) }, uniquingKeysWith: { first, _ in first })
        let failing = findings.contains {
            $0.status == .fail && $0.baseline != .unchanged && (severities[$0.ruleID] ?? .info) >= failOn
        }
        return failing ? 1 : 0
    }
}
