import PostureModel
import RuleEngine
import SourceModel

extension HTMLReport {
    /// The filter form and every finding but passes, as `<details>` rows that read without JavaScript.
    func findings(_ entries: ReportEntries, snippets: inout SourceSnippets) -> String {
        var html = """
            <section id="findings" aria-labelledby="findings-title" tabindex="-1">
            <h2 id="findings-title">Findings (\(entries.entries.count))</h2>

            """
        html += filters(entries)
        if entries.entries.isEmpty {
            html += "<p>No failed, unknown or suppressed findings.</p>\n"
        }
        html += "<div id=\"finding-list\">\n"
        for (index, entry) in entries.entries.enumerated() {
            html += row(entry, index: index, snippets: &snippets)
        }
        html += "</div>\n"
        if entries.passed > 0 {
            html += "<p class=\"passed-note\">\(entries.passed) passing check\(entries.passed == 1 ? "" : "s") not listed.</p>\n"
        }
        return html + "</section>\n"
    }

    private func filters(_ entries: ReportEntries) -> String {
        let controls = Set(entries.entries.flatMap { $0.rule?.controls ?? [] }).map(\.rawValue).sorted()
        let hasBaseline = entries.entries.contains { $0.finding.baseline != nil }
        var statuses: [(String, String)] = [("", "All listed"), ("fail", "Failed")]
        if hasBaseline { statuses += [("new", "New"), ("unchanged", "Unchanged")] }
        statuses += [("suppressed", "Suppressed"), ("expired", "Expired suppression"), ("unknown", "Unknown")]
        func options(_ pairs: [(String, String)]) -> String {
            pairs.map { "<option value=\"\(HTMLEscaping.escape($0.0))\">\(HTMLEscaping.escape($0.1))</option>" }.joined()
        }
        let severities = [("", "All severities")] + Severity.allCases.reversed().map { ($0.rawValue, $0.label) }
        return """
            <form class="filters js-only" id="filters" role="search" aria-label="Filter findings">
            <div class="field"><label for="filter-severity">Severity</label>
            <select id="filter-severity" name="severity">\(options(severities))</select></div>
            <div class="field"><label for="filter-control">Control</label>
            <select id="filter-control" name="control">\(options([("", "All controls")] + controls.map { ($0, $0) }))</select></div>
            <div class="field"><label for="filter-status">Status</label>
            <select id="filter-status" name="status">\(options(statuses))</select></div>
            <div class="field grow"><label for="filter-search">Search</label>
            <input id="filter-search" name="search" type="search" autocomplete="off" placeholder="rule, resource, file, message"></div>
            <div class="field actions"><button type="reset" id="filter-reset">Clear filters</button>
            <button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button></div>
            </form>
            <p class="shown js-only" id="shown-count" role="status" aria-live="polite"></p>

            """
    }

    private func row(_ entry: ReportEntries.Entry, index: Int, snippets: inout SourceSnippets) -> String {
        let finding = entry.finding
        let controls = (entry.rule?.controls ?? []).map(\.rawValue).joined(separator: " ")
        let title = entry.rule?.title ?? finding.ruleID
        let resource = finding.resource.address ?? "\(finding.resource.type.name) \(finding.resource.name)"
        var statusLabel = entry.status.label
        if entry.flags.contains("expired") { statusLabel += ", suppression expired" }
        if finding.baseline == .new { statusLabel += ", new" }
        var html = "<details class=\"finding\" id=\"finding-\(index + 1)\" data-severity=\"\(entry.severity.rawValue)\""
        html += " data-status=\"\(entry.status.rawValue)\" data-controls=\"\(HTMLEscaping.escape(controls))\""
        html += " data-flags=\"\(entry.flags.joined(separator: " "))\">\n<summary>"
        html += "<span class=\"badge sev-\(entry.severity.rawValue)\">\(entry.severity.label)</span> "
        html += "<span class=\"status status-\(entry.status.rawValue)\">\(statusLabel)</span> "
        html += "<span class=\"rule-id\">\(HTMLEscaping.escape(finding.ruleID))</span> "
        html += "<span class=\"title\">\(HTMLEscaping.escape(title))</span> "
        html += "<span class=\"resource\">\(HTMLEscaping.escape(resource))</span> "
        html += "<span class=\"where\">\(HTMLEscaping.escape(Self.shortLocation(finding.location)))</span></summary>\n"
        html += "<div class=\"finding-body\">\n"
        html += details(entry, snippets: &snippets)
        return html + "</div>\n</details>\n"
    }

    /// `main.bicep:12` for files; the bare name (a resource id) for places without lines.
    static func shortLocation(_ location: SourceLocation) -> String {
        location.kind == .file ? "\(location.file):\(location.line)" : location.file
    }
}
