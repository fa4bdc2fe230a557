import Foundation
import PostureModel
import Reports
import RuleEngine

extension HTMLReport {
    /// Counts by severity (of failures) and by status, and the failing controls ranked.
    func summary(_ result: ScanResult, entries: ReportEntries) -> String {
        let summary = result.summary
        var failing: [Severity: Int] = [:]
        for entry in entries.entries where entry.status == .fail { failing[entry.severity, default: 0] += 1 }
        var html = """
            <section id="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <h3>Failed findings by severity</h3>
            <ul class="tiles" data-counts="severity">

            """
        for severity in Severity.allCases.reversed() {
            html += tile(
                label: severity.label, count: failing[severity] ?? 0, key: severity.rawValue, classes: "sev sev-\(severity.rawValue)")
        }
        html += "</ul>\n<h3>Findings by status</h3>\n<ul class=\"tiles\" data-counts=\"status\">\n"
        html += tile(label: "Failed", count: summary.failed, key: "fail", classes: "status-fail")
        if let new = summary.new { html += tile(label: "New", count: new, key: "new", classes: "status-new") }
        if let unchanged = summary.unchanged { html += tile(label: "Unchanged", count: unchanged, key: "unchanged", classes: "") }
        if let fixed = summary.fixed { html += tile(label: "Fixed", count: fixed, key: "fixed", classes: "status-pass") }
        html += tile(label: "Suppressed", count: summary.suppressed, key: "suppressed", classes: "")
        html += tile(label: "Expired suppression", count: summary.expiredSuppressions, key: "expired", classes: "status-fail")
        html += tile(label: "Unknown", count: summary.unknown, key: "unknown", classes: "status-unknown")
        html += tile(label: "Passed", count: summary.passed, key: "pass", classes: "status-pass")
        html += "</ul>\n"
        html += "<p class=\"scope\">\(summary.files) input\(summary.files == 1 ? "" : "s"), \(summary.resources) resource"
        html += "\(summary.resources == 1 ? "" : "s"), \(summary.errors) input error\(summary.errors == 1 ? "" : "s").</p>\n"
        html += rankedControls(entries)
        return html + "</section>\n"
    }

    private func tile(label: String, count: Int, key: String, classes: String) -> String {
        "<li class=\"tile \(classes)\" data-key=\"\(key)\"><span class=\"count\">\(count)</span> <span class=\"label\">\(label)</span></li>\n"
    }

    private func rankedControls(_ entries: ReportEntries) -> String {
        let ranked = entries.failingControls()
        guard !ranked.isEmpty else { return "<h3>Failing controls</h3>\n<p>No control has a failing finding.</p>\n" }
        var html = """
            <h3 id="controls-title">Failing controls, ranked</h3>
            <div class="table-wrap"><table aria-labelledby="controls-title">
            <thead><tr><th scope="col">Control</th><th scope="col">Failed</th><th scope="col">Worst severity</th></tr></thead>
            <tbody>

            """
        for row in ranked {
            let control = HTMLEscaping.escape(row.control.rawValue)
            html += "<tr><th scope=\"row\"><button type=\"button\" class=\"link js-only\" data-filter-control=\"\(control)\">"
            html += "\(control)</button><span class=\"no-js\">\(control)</span></th><td>\(row.failed)</td>"
            html += "<td><span class=\"badge sev-\(row.worst.rawValue)\">\(row.worst.label)</span></td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    /// The findings grouped by resource and by file: counts, each a button that searches for its findings.
    func views(_ entries: ReportEntries) -> String {
        guard !entries.entries.isEmpty else { return "" }
        var html = "<section id=\"views\" aria-labelledby=\"views-title\">\n<h2 id=\"views-title\">Views</h2>\n"
        let byResource = entries.grouped { finding in finding.resource.address ?? "\(finding.resource.type.name) \(finding.resource.name)" }
        html += groupTable(title: "By resource", id: "by-resource", rows: byResource)
        let byFile = entries.grouped { $0.location.file }
        html += groupTable(title: "By file", id: "by-file", rows: byFile)
        return html + "</section>\n"
    }

    private func groupTable(title: String, id: String, rows: [(key: String, failed: Int, unknown: Int, suppressed: Int)]) -> String {
        var html = """
            <details class="view" id="\(id)">
            <summary><h3>\(title) (\(rows.count))</h3></summary>
            <div class="table-wrap"><table>
            <thead><tr><th scope="col">\(title.dropFirst(3).capitalized)</th><th scope="col">Failed</th><th scope="col">Unknown</th><th scope="col">Suppressed</th></tr></thead>
            <tbody>

            """
        for row in rows {
            let key = HTMLEscaping.escape(row.key)
            html += "<tr><th scope=\"row\"><button type=\"button\" class=\"link js-only\" data-search=\"\(key)\">\(key)</button>"
            html += "<span class=\"no-js\">\(key)</span></th><td>\(row.failed)</td><td>\(row.unknown)</td><td>\(row.suppressed)</td></tr>\n"
        }
        return html + "</tbody></table></div>\n</details>\n"
    }

    /// The facts the script reads (and a test harness checks): totals by status and severity, as JSON that cannot
    /// end its script element.
    func facts(_ result: ScanResult, entries: ReportEntries, context: ReportContext) -> String {
        let summary = result.summary
        var severity: [Severity: Int] = [:]
        for entry in entries.entries { severity[entry.severity, default: 0] += 1 }
        var members: [String] = [
            "\"tool\":\(HTMLEscaping.jsonString("\(ToolInfo.name) \(ToolInfo.version)"))",
            "\"generatedAt\":\(HTMLEscaping.jsonString(context.generatedAt.formatted(.iso8601)))",
            "\"inputs\":[" + context.inputs.map(HTMLEscaping.jsonString).joined(separator: ",") + "]",
            "\"rulePack\":\(HTMLEscaping.jsonString(context.rulePack))",
            "\"listed\":\(entries.entries.count)",
            "\"failed\":\(summary.failed)", "\"unknown\":\(summary.unknown)", "\"suppressed\":\(summary.suppressed)",
            "\"expiredSuppressions\":\(summary.expiredSuppressions)", "\"passed\":\(summary.passed)",
            "\"listedBySeverity\":{" + Severity.allCases.map { "\"\($0.rawValue)\":\(severity[$0] ?? 0)" }.joined(separator: ",") + "}",
        ]
        if let new = summary.new, let unchanged = summary.unchanged, let fixed = summary.fixed {
            members.append("\"baseline\":{\"new\":\(new),\"unchanged\":\(unchanged),\"fixed\":\(fixed)}")
        }
        return "<script type=\"application/json\" id=\"report-facts\">{\(members.joined(separator: ","))}</script>\n"
    }
}
