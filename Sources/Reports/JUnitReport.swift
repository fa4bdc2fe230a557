import Foundation
import SourceModel
import PostureModel
public import RuleEngine

/// JUnit XML for the test tabs of GitLab, Azure DevOps (`PublishTestResults@2`) and Jenkins: one test suite per rule,
/// one test case per finding (passes too, so the pass rate means something), input errors as error test cases in a
/// suite of their own. A failure is `<failure>`; undecided and suppressed findings are `<skipped>` with the reason.
/// The document is XML only, meant for a file.
public struct JUnitReport {
    public var context: ReportContext

    public init(context: ReportContext = ReportContext()) {
        self.context = context
    }

    public func render(_ result: ScanResult) -> String {
        let rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var order: [String] = []
        var byRule: [String: [Finding]] = [:]
        for finding in result.findings where rules[finding.ruleID] != nil {
            if byRule[finding.ruleID] == nil { order.append(finding.ruleID) }
            byRule[finding.ruleID, default: []].append(finding)
        }
        let timestamp = Self.timestamp(context.generatedAt)
        var suites: [String] = []
        var totals = Counts()
        for ruleID in order.sorted() {
            guard let rule = rules[ruleID], let findings = byRule[ruleID] else { continue }
            var counts = Counts()
            var cases = ""
            for finding in findings {
                counts.add(finding.status)
                cases += Self.testCase(finding, rule: rule)
            }
            totals.add(counts)
            suites.append(Self.suite(name: "\(rule.id): \(rule.title)", counts: counts, timestamp: timestamp, cases: cases))
        }
        let errors = result.errors
        if !errors.isEmpty {
            var counts = Counts()
            var cases = ""
            for problem in errors {
                counts.tests += 1
                counts.errors += 1
                cases += Self.errorCase(problem)
            }
            totals.add(counts)
            suites.append(Self.suite(name: "bulwark input errors", counts: counts, timestamp: timestamp, cases: cases))
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml +=
            "<testsuites name=\"bulwark\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\" time=\"0\">\n"
        xml += suites.joined()
        xml += "</testsuites>\n"
        return xml
    }

    struct Counts {
        var tests = 0
        var failures = 0
        var errors = 0
        var skipped = 0

        mutating func add(_ status: FindingStatus) {
            tests += 1
            switch status {
            case .pass: break
            case .fail: failures += 1
            case .unknown, .suppressed: skipped += 1
            }
        }

        mutating func add(_ other: Counts) {
            tests += other.tests
            failures += other.failures
            errors += other.errors
            skipped += other.skipped
        }
    }

    static func suite(name: String, counts: Counts, timestamp: String, cases: String) -> String {
        "  <testsuite name=\"\(XMLText.escape(name))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\" time=\"0\" timestamp=\"\(timestamp)\">\n"
            + cases + "  </testsuite>\n"
    }

    /// `BW-AI-001 myaccount: Local auth disabled`, in the class of its file (or resource type when it has none).
    static func testCase(_ finding: Finding, rule: Rule) -> String {
        let resource = finding.resource.address ?? finding.resource.name
        let name = "\(rule.id) \(resource): \(rule.title)"
        let file = finding.location.file
        let classname = file.isEmpty ? finding.resource.type.name : file
        var xml =
            "    <testcase name=\"\(XMLText.escape(name))\" classname=\"\(XMLText.escape(classname))\" file=\"\(XMLText.escape(file))\" line=\"\(max(finding.location.line, 1))\" time=\"0\""
        switch finding.status {
        case .pass:
            return xml + "/>\n"
        case .fail:
            let message = "\(rule.id) failed on \(finding.resource.type) \(resource) at \(finding.location)"
            xml += ">\n      <failure message=\"\(XMLText.escape(message))\" type=\"\(rule.severity.rawValue)\">"
            xml += XMLText.escape(failureBody(finding, rule: rule), attribute: false)
            xml += "</failure>\n    </testcase>\n"
        case .unknown:
            xml += ">\n      <skipped message=\"\(XMLText.escape("undecided: \(finding.message)"))\"/>\n    </testcase>\n"
        case .suppressed:
            xml += ">\n      <skipped message=\"\(XMLText.escape(suppressedMessage(finding)))\"/>\n    </testcase>\n"
        }
        return xml
    }

    static func failureBody(_ finding: Finding, rule: Rule) -> String {
        var lines = [finding.message, "", "Severity: \(rule.severity.rawValue)", "Resource: \(finding.resource.id)"]
        if let property = finding.property { lines.append("Property: \(property)") }
        if let actual = finding.actual { lines.append("Found: \(actual.displayText)") }
        if let baseline = finding.baseline { lines.append("Baseline: \(baseline.rawValue)") }
        if let applied = finding.suppression, applied.expired {
            lines.append(
                "Suppression expired on \(applied.suppression.expires?.description ?? "?") (\(applied.suppression.location)): \(applied.suppression.reason)"
            )
        }
        lines += finding.notes
        lines += ["", rule.rationale]
        if let az = rule.remediation.az { lines += ["", "Fix with az:", az] }
        if let bicep = rule.remediation.bicep { lines += ["", "Bicep:", bicep] }
        if let terraform = rule.remediation.terraform { lines += ["", "Terraform:", terraform] }
        if let link = rule.links.first { lines += ["", link] }
        return lines.joined(separator: "\n")
    }

    static func suppressedMessage(_ finding: Finding) -> String {
        guard let suppression = finding.suppression?.suppression else { return "suppressed" }
        let until = suppression.expires.map { " until \($0)" } ?? ""
        return "suppressed\(until) (\(suppression.origin.rawValue), \(suppression.location)): \(suppression.reason)"
    }

    static func errorCase(_ problem: Diagnostic) -> String {
        let file = problem.location.file
        return
            "    <testcase name=\"\(XMLText.escape("\(problem.code.rawValue) \(file)"))\" classname=\"\(XMLText.escape(file))\" file=\"\(XMLText.escape(file))\" line=\"\(max(problem.location.line, 1))\" time=\"0\">\n"
            + "      <error message=\"\(XMLText.escape(problem.message))\" type=\"\(XMLText.escape(problem.code.rawValue))\">"
            + XMLText.escape("\(problem.location): \(problem.message)", attribute: false) + "</error>\n    </testcase>\n"
    }

    /// ISO 8601 in UTC without a fraction, as JUnit's `timestamp` is read.
    static func timestamp(_ date: Date) -> String {
        var text = ISO8601DateFormatter.string(
            from: date, timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withInternetDateTime])
        if text.hasSuffix("Z") { text.removeLast() }
        return text
    }
}
