public import PostureModel
public import RuleEngine
import SourceModel

/// Applies suppressions to a scan's findings, after the scan (and any Nessus merge) and before baselines and
/// reports. A failing or undecided finding that an unexpired suppression matches becomes `suppressed`, with the
/// suppression attached; an expired match leaves its verdict, attaches the suppression marked expired and warns
/// (`suppression-expired`); a passing finding is left as it is. A suppression that matches no finding at all is
/// a warning (`suppression-unmatched`).
public struct SuppressionStage: Sendable {
    public var projectFile: ProjectSuppressions {
        didSet { globs = projectFile.suppressions.map { ResourceGlob($0.resource ?? "") } }
    }
    /// The inline suppressions read from the inputs.
    public var inline: InlineSuppressions
    /// False with `--no-inline-suppressions`: only the reviewed project file's suppressions apply, and a note says
    /// how many inline ones were left out.
    public var appliesInline: Bool
    /// The day expiry is judged on (today in UTC, injectable for tests).
    public var today: CalendarDay
    /// The project file's resource patterns, compiled once.
    private var globs: [ResourceGlob]

    public init(projectFile: ProjectSuppressions, inline: InlineSuppressions, appliesInline: Bool, today: CalendarDay) {
        self.projectFile = projectFile
        globs = projectFile.suppressions.map { ResourceGlob($0.resource ?? "") }
        self.inline = inline
        self.appliesInline = appliesInline
        self.today = today
    }

    public func apply(to result: ScanResult) -> ScanResult {
        var result = result
        result.problems += projectFile.problems
        if appliesInline {
            result.problems += inline.problems
        } else if !inline.suppressions.isEmpty {
            let count = inline.suppressions.count
            result.problems.append(
                Diagnostic(
                    .inlineSuppressionsIgnored, .note, at: SourceLocation(.commandLine, name: "--no-inline-suppressions"),
                    "\(count) inline suppression\(count == 1 ? " was" : "s were") not applied: only the project file's suppressions count"))
        }
        var matched: Set<Suppression> = []
        var expiredWarnings: [Diagnostic] = []
        for index in result.findings.indices {
            let finding = result.findings[index]
            let candidates = self.candidates(for: finding)
            guard !candidates.isEmpty else { continue }
            matched.formUnion(candidates)
            guard finding.status == .fail || finding.status == .unknown else { continue }
            if let active = candidates.first(where: { !$0.hasExpired(on: today) }) {
                result.findings[index].status = .suppressed
                result.findings[index].suppression = AppliedSuppression(active, expired: false)
            } else if let expired = candidates.max(by: { ($0.expires?.description ?? "") < ($1.expires?.description ?? "") }) {
                result.findings[index].suppression = AppliedSuppression(expired, expired: true)
                expiredWarnings.append(Self.expiredWarning(expired, finding: finding))
            }
        }
        result.problems += expiredWarnings
        let all = projectFile.suppressions + (appliesInline ? inline.suppressions : [])
        for suppression in all where !matched.contains(suppression) {
            let target = suppression.resource.map { "resources matching '\($0)'" } ?? "the resource it is written on"
            result.problems.append(
                Diagnostic(
                    .suppressionUnmatched, .warning, at: suppression.location,
                    "the suppression of \(suppression.rule) for \(target) matches no finding; remove it, or check the rule id and resource")
            )
        }
        return result
    }

    /// The suppressions that name this finding's rule and resource, in the order written (project file first).
    func candidates(for finding: Finding) -> [Suppression] {
        let rule = finding.ruleID.uppercased()
        var found: [Suppression] = []
        for (suppression, glob) in zip(projectFile.suppressions, globs) where suppression.rule == rule {
            if glob.matches(id: finding.resource.id, name: finding.resource.name, address: finding.resource.address) {
                found.append(suppression)
            }
        }
        if appliesInline {
            found += (inline.byResource[ResourceKey(finding.resource)] ?? []).filter { $0.rule == rule }
        }
        return found
    }

    static func expiredWarning(_ suppression: Suppression, finding: Finding) -> Diagnostic {
        let resource = finding.resource.address ?? finding.resource.name
        let day = suppression.expires.map(String.init(describing:)) ?? "?"
        return Diagnostic(
            .suppressionExpired, .warning, at: suppression.location,
            "the suppression of \(suppression.rule) for '\(resource)' expired on \(day): it no longer applies and the finding is "
                + "\(finding.status.rawValue) again; "
                + "fix the resource, or renew the suppression with a new reason and date")
    }
}
