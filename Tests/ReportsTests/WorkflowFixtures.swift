import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel

/// A scan result with every workflow state: a new and an unchanged failure, a suppressed one (inline, with an end
/// date), one whose project-file suppression expired, a fixed baseline entry, a Nessus finding joined to a resource,
/// one on a host matched to nothing, a note, and an input error.
enum WorkflowFixtures {
    static let nessusRule = Rule.external(
        id: "NESSUS-19506", title: "Nessus Scan Information", severity: .critical, category: "vulnerability", controls: [],
        rationale: "A vulnerability scanner found it.", remediation: Rule.Remediation(az: nil, bicep: nil, terraform: nil),
        links: ["https://www.tenable.com/plugins/nessus/19506"], source: SourceLocation(file: "scan.nessus", line: 1, column: 1))

    static let inline = Suppression(
        rule: "BW-T-001", reason: "Legacy | client <needs> `keys`", expires: CalendarDay("2099-01-31"), origin: .inline,
        location: SourceLocation(file: "templates/main.json", line: 8, column: 3))

    static let expired = Suppression(
        rule: "BW-T-001", resource: "*gone*", reason: "Was accepted until the migration", expires: CalendarDay("2020-01-01"),
        origin: .projectFile, location: SourceLocation(file: ".bulwark.yaml", line: 4, column: 5))

    static let fixedEntry = BaselineEntry(
        fingerprint: "0123456789abcdef0123456789abcdef", ruleId: "BW-T-001", resourceType: "Microsoft.Test/things",
        resourceName: "mended", resourceId: "/subscriptions/x/things/mended", address: nil, file: "templates/old.json",
        property: "properties.disableLocalAuth")

    static func vulnerabilityFinding(joined: Bool) -> Finding {
        var finding = ReportFixtures.finding(.fail, name: joined ? "vm-web" : "10.0.0.9", actual: nil, line: 40)
        finding.ruleID = nessusRule.id
        finding.location = SourceLocation(file: joined ? "templates/main.json" : "scan.nessus", line: joined ? 40 : 77, column: 1)
        finding.vulnerability = Vulnerability(
            pluginID: "19506", pluginName: "Nessus Scan Information", host: "10.0.0.9", port: 443, transport: "tcp", service: "www",
            cves: ["CVE-2024-0001"], cvss3BaseScore: 9.8, solution: "Upgrade.", pluginOutput: "out", seeAlso: [],
            joinedBy: joined ? .ipAddress : nil)
        finding.notes = joined ? ["internet-exposed and has a critical vulnerability"] : []
        return finding
    }

    static func result(baseline: Bool = true) -> ScanResult {
        var new = ReportFixtures.finding(.fail, name: "fresh", actual: Value(.bool(false)), line: 10)
        var unchanged = ReportFixtures.finding(.fail, name: "old", actual: Value(.bool(false)), line: 20)
        var suppressed = ReportFixtures.finding(.suppressed, name: "accepted", actual: Value(.bool(false)), line: 30)
        suppressed.suppression = AppliedSuppression(inline, expired: false)
        var lapsed = ReportFixtures.finding(.fail, name: "gone-back", actual: Value(.bool(false)), line: 50)
        lapsed.suppression = AppliedSuppression(expired, expired: true)
        var joined = vulnerabilityFinding(joined: true)
        if baseline {
            new.baseline = .new
            unchanged.baseline = .unchanged
            lapsed.baseline = .new
            joined.baseline = .new
        }
        return ScanResult(
            files: ["templates/main.json"], resources: [],
            findings: [
                new, unchanged, suppressed, lapsed, ReportFixtures.finding(.pass, name: "closed", actual: Value(.bool(true)), line: 60),
                joined, vulnerabilityFinding(joined: false),
            ],
            problems: ReportFixtures.result.problems, rules: [ReportFixtures.rule, nessusRule],
            hosts: [
                ScannedHost(
                    name: "10.0.0.9", addresses: ["10.0.0.9"], openPorts: [OpenPort(port: 443, transport: "tcp", service: "www")],
                    resourceID: "/subscriptions/x/vm-web", joinedBy: .ipAddress,
                    source: SourceLocation(file: "scan.nessus", line: 5, column: 3))
            ],
            fixed: baseline ? [fixedEntry] : nil)
    }

    static let context = ReportContext(
        generatedAt: Date(timeIntervalSince1970: 1_800_000_000), inputs: ["templates"], rulePack: "built-in 1.0.0")

    /// `count` failing findings on one rule, for the size limits.
    static func large(_ count: Int) -> ScanResult {
        let template = ReportFixtures.finding(.fail, name: "r", actual: Value(.bool(false)), line: 1)
        var findings: [Finding] = []
        findings.reserveCapacity(count)
        for index in 0..<count {
            var finding = template
            finding.resource.name = "resource-\(index)"
            finding.message = "Keys are accepted on resource \(index) | with `pipes` and <tags>."
            findings.append(finding)
        }
        return ScanResult(files: ["templates/main.json"], findings: findings, rules: [ReportFixtures.rule])
    }
}
