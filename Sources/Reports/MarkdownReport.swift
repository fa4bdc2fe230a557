import Foundation
import SourceModel
import PostureModel
public import RuleEngine

/// A Markdown summary for `$GITHUB_STEP_SUMMARY`, pull-request comments and Azure DevOps summary tabs: counts by
/// status and severity, the worst failures with a link to their rule, with a baseline the new and fixed ones, the
/// suppressed findings and expired suppressions, and input errors. Every list is capped at `rowsPerSection` and the
/// whole document at `maxBytes` (GitHub refuses a step summary over 1 MiB); what is left out is counted.
public struct MarkdownReport {
    public var context: ReportContext
    public var rowsPerSection: Int
    public var maxBytes: Int

    public init(context: ReportContext = ReportContext(), rowsPerSection: Int = 50, maxBytes: Int = 1_000_000) {
        self.context = context
        self.rowsPerSection = rowsPerSection
        self.maxBytes = maxBytes
    }

    public func render(_ result: ScanResult) -> String {
        let rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let summary = result.summary
        var document = Document(maxBytes: maxBytes)
        document.line("## Bulwark scan")
        document.line("")
        let inputs = context.inputs.prefix(10).map { MarkdownText.escape($0, limit: 120) }
        let moreInputs = context.inputs.count > 10 ? " and \(context.inputs.count - 10) more" : ""
        document.line(
            "\(summary.files) file\(summary.files == 1 ? "" : "s"), \(summary.resources) resource\(summary.resources == 1 ? "" : "s")"
                + (inputs.isEmpty ? "" : " from " + inputs.joined(separator: ", ") + moreInputs)
                + "; rules: \(MarkdownText.escape(context.rulePack, limit: 200)); \(ToolInfo.name) \(ToolInfo.version).")
        document.line("")
        document.line("| Failed | Passed | Undecided | Suppressed | Expired suppressions | Input errors |")
        document.line("|---:|---:|---:|---:|---:|---:|")
        document.line(
            "| \(summary.failed) | \(summary.passed) | \(summary.unknown) | \(summary.suppressed) | \(summary.expiredSuppressions) | \(summary.errors) |"
        )
        document.line("")
        let failed = result.findings.filter { $0.status == .fail && rules[$0.ruleID] != nil }
        let severityOf = { (finding: Finding) in rules[finding.ruleID]?.severity ?? .info }
        if !failed.isEmpty {
            let counts = Severity.allCases.reversed().compactMap { severity -> String? in
                let count = failed.count { severityOf($0) == severity }
                return count == 0 ? nil : "\(count) \(severity.rawValue)"
            }
            document.line("Failures by severity: " + counts.joined(separator: ", ") + ".")
            document.line("")
        }
        if let new = summary.new, let unchanged = summary.unchanged, let fixed = summary.fixed {
            document.line("Against the baseline: **\(new) new**, \(unchanged) unchanged, \(fixed) fixed.")
            document.line("")
        }
        // Worst first; the sort is stable, so findings keep the scan's order within a severity.
        let worst = failed.enumerated().sorted { left, right in
            let (a, b) = (severityOf(left.element), severityOf(right.element))
            return a != b ? a > b : left.offset < right.offset
        }.map(\.element)
        if summary.new != nil {
            let new = worst.filter { $0.baseline != .unchanged }
            findingTable("New failures", new, rules: rules, into: &document)
            fixedTable(result.fixed ?? [], into: &document)
            findingTable("Failures already in the baseline", worst.filter { $0.baseline == .unchanged }, rules: rules, into: &document)
        } else {
            findingTable("Failures", worst, rules: rules, into: &document)
        }
        let expired = result.findings.filter { $0.status == .fail && $0.suppression?.expired == true }
        suppressionTable("Expired suppressions (failing again)", expired, into: &document)
        suppressionTable("Suppressed", result.findings.filter { $0.status == .suppressed }, into: &document)
        problemTable(result.errors, into: &document)
        return document.finish()
    }

    private func findingTable(_ title: String, _ findings: [Finding], rules: [String: Rule], into document: inout Document) {
        guard !findings.isEmpty else { return }
        document.line("### \(title) (\(findings.count))")
        document.line("")
        document.line("| Severity | Rule | Resource | Location | Message |")
        document.line("|---|---|---|---|---|")
        let rows = findings.lazy.map { finding -> String in
            let rule = rules[finding.ruleID]
            let id = MarkdownText.escape(finding.ruleID, limit: 80)
            let ruleCell = rule?.links.first.flatMap(MarkdownText.url).map { "[\(id)](\($0))" } ?? id
            let title = rule.map { " " + MarkdownText.escape($0.title, limit: 120) } ?? ""
            var message = MarkdownText.escape(finding.message)
            if finding.baseline == .new { message = "**new** " + message }
            return
                "| \(rule?.severity.rawValue ?? "") | \(ruleCell)\(title) | \(Self.resource(finding.resource)) | \(MarkdownText.escape(finding.location.description, limit: 200)) | \(message) |"
        }
        document.rows(rows, total: findings.count, limit: rowsPerSection, what: "failures")
    }

    private func fixedTable(_ fixed: [BaselineEntry], into document: inout Document) {
        guard !fixed.isEmpty else { return }
        document.line("### Fixed since the baseline (\(fixed.count))")
        document.line("")
        document.line("| Rule | Resource | File |")
        document.line("|---|---|---|")
        let rows = fixed.lazy.map { entry in
            let name = entry.address ?? "\(entry.resourceType) \(entry.resourceName)"
            return
                "| \(MarkdownText.escape(entry.ruleId, limit: 80)) | \(MarkdownText.escape(name, limit: 200)) | \(MarkdownText.escape(entry.file, limit: 200)) |"
        }
        document.rows(rows, total: fixed.count, limit: rowsPerSection, what: "fixed entries")
    }

    private func suppressionTable(_ title: String, _ findings: [Finding], into document: inout Document) {
        guard !findings.isEmpty else { return }
        document.line("### \(title) (\(findings.count))")
        document.line("")
        document.line("| Rule | Resource | Reason | Expires | Written at |")
        document.line("|---|---|---|---|---|")
        let rows = findings.lazy.map { finding -> String in
            let suppression = finding.suppression?.suppression
            return
                "| \(MarkdownText.escape(finding.ruleID, limit: 80)) | \(Self.resource(finding.resource)) | \(MarkdownText.escape(suppression?.reason ?? "")) | \(suppression?.expires?.description ?? "never") | \(MarkdownText.escape(suppression.map { "\($0.location) (\($0.origin.rawValue))" } ?? "", limit: 200)) |"
        }
        document.rows(rows, total: findings.count, limit: rowsPerSection, what: "findings")
    }

    private func problemTable(_ problems: [Diagnostic], into document: inout Document) {
        guard !problems.isEmpty else { return }
        document.line("### Input errors (\(problems.count))")
        document.line("")
        document.line("| Location | Code | Message |")
        document.line("|---|---|---|")
        let rows = problems.lazy.map {
            "| \(MarkdownText.escape($0.location.description, limit: 200)) | \(MarkdownText.escape($0.code.rawValue, limit: 80)) | \(MarkdownText.escape($0.message)) |"
        }
        document.rows(rows, total: problems.count, limit: rowsPerSection, what: "errors")
    }

    static func resource(_ resource: ResourceReference) -> String {
        MarkdownText.escape(resource.address ?? "\(resource.type.name) \(resource.name)", limit: 200)
    }

    /// The text being written, which refuses rows past its byte budget (keeping room for the closing notes).
    struct Document {
        let maxBytes: Int
        var text = ""
        var bytes = 0
        var leftOut = 0

        init(maxBytes: Int) {
            self.maxBytes = maxBytes
        }

        /// Room kept for the section notes and the closing line.
        private var reserve: Int { 2_048 }

        /// Adds a line when it fits: within the budget less the reserve, or for a note, within the whole budget.
        mutating func line(_ line: String, note: Bool = false) {
            guard bytes + line.utf8.count + 1 <= maxBytes - (note ? 0 : reserve) else { return }
            text += line + "\n"
            bytes += line.utf8.count + 1
        }

        mutating func rows(_ rows: some Sequence<String>, total: Int, limit: Int, what: String) {
            var written = 0
            for row in rows.prefix(limit) {
                guard bytes + row.utf8.count + 1 <= maxBytes - reserve else { break }
                line(row)
                written += 1
            }
            if written < total {
                leftOut += total - written
                line("", note: true)
                line("_\(total - written) more \(what) not shown: see the JSON or SARIF report._", note: true)
            }
            line("", note: true)
        }

        mutating func finish() -> String {
            if leftOut > 0 {
                text += "_This summary shows at most a part of each list (\(leftOut) rows left out in all)._\n"
            }
            return text
        }
    }
}
