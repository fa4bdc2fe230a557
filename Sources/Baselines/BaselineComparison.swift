import PostureModel
public import RuleEngine

/// A scan judged against a baseline: each failure is `new` or `unchanged`, and the baseline's entries that the scan
/// no longer finds are `fixed`. Only new failures then count for the exit code (``ScanResult/exitCode(failOn:)``).
public struct BaselineComparison: Sendable {
    public var baseline: BaselineFile

    public init(_ baseline: BaselineFile) {
        self.baseline = baseline
    }

    public func apply(to result: ScanResult) -> ScanResult {
        var result = result
        let recorded = Set(baseline.entries.map(\.fingerprint))
        // A recorded finding is still there while it fails, is set aside by a suppression, or cannot be decided: only
        // a pass, or its disappearance, fixes it.
        var present: Set<String> = []
        for index in result.findings.indices {
            let finding = result.findings[index]
            guard finding.status != .pass else { continue }
            let fingerprint = finding.fingerprint
            if recorded.contains(fingerprint) { present.insert(fingerprint) }
            if finding.status == .fail {
                result.findings[index].baseline = recorded.contains(fingerprint) ? .unchanged : .new
            }
        }
        var seen: Set<String> = []
        result.fixed = baseline.entries.filter { !present.contains($0.fingerprint) && seen.insert($0.fingerprint).inserted }
        return result
    }
}
