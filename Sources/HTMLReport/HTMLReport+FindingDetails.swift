import PostureModel
import RuleEngine
import SourceModel

extension HTMLReport {
    /// The body of one finding: message, where, expected against found, the source lines, remediation, links, and
    /// its suppression, vulnerability and notes when it has them.
    func details(_ entry: ReportEntries.Entry, snippets: inout SourceSnippets) -> String {
        let finding = entry.finding
        var html = "<p class=\"message\">\(HTMLEscaping.escape(finding.message))</p>\n<dl class=\"facts\">\n"
        html += fact("Location", "<code>\(HTMLEscaping.escape(finding.location.description))</code>")
        html += fact("Resource", "<code>\(HTMLEscaping.escape(finding.resource.id))</code>")
        if let address = finding.resource.address { html += fact("Address", "<code>\(HTMLEscaping.escape(address))</code>") }
        if let expected = entry.rule?.requirementSummary, !expected.isEmpty {
            html += fact("Expected", "<code>\(HTMLEscaping.escape(expected))</code>")
        }
        if let property = finding.property {
            let found = finding.actual.map(\.displayText) ?? "absent"
            html += fact("Found", "<code>\(HTMLEscaping.escape(property))</code> = <code>\(HTMLEscaping.escape(found))</code>")
        }
        if let controls = entry.rule?.controls, !controls.isEmpty {
            html += fact("Controls", controls.map { HTMLEscaping.escape($0.rawValue) }.joined(separator: ", "))
        }
        html += "</dl>\n"
        if let lines = snippets.snippet(at: finding.location) { html += snippet(lines) }
        for note in finding.notes { html += "<p class=\"note\">\(HTMLEscaping.escape(note))</p>\n" }
        if let applied = finding.suppression { html += suppression(applied) }
        if let vulnerability = finding.vulnerability { html += self.vulnerability(vulnerability) }
        if let rule = entry.rule { html += remediation(rule) }
        return html
    }

    private func fact(_ term: String, _ definition: String) -> String {
        "<div><dt>\(term)</dt><dd>\(definition)</dd></div>\n"
    }

    private func snippet(_ lines: [SourceSnippets.Line]) -> String {
        var html = "<pre class=\"snippet\" aria-label=\"Source lines\"><code>"
        for line in lines {
            let text = "<span class=\"line-number\">\(line.number)</span>\(HTMLEscaping.escape(line.text))"
            html += line.isTarget ? "<mark>\(text)</mark>\n" : "\(text)\n"
        }
        return html + "</code></pre>\n"
    }

    private func suppression(_ applied: AppliedSuppression) -> String {
        let suppression = applied.suppression
        let state = applied.expired ? "Expired suppression: the finding fails again" : "Suppressed"
        var html = "<div class=\"suppression\(applied.expired ? " expired" : "")\"><h4>\(state)</h4>\n<dl class=\"facts\">\n"
        html += fact("Reason", HTMLEscaping.escape(suppression.reason))
        html += fact("Expires", suppression.expires.map { "<time>\($0.description)</time>" } ?? "never")
        html += fact("Written in", "<code>\(HTMLEscaping.escape(suppression.location.description))</code> (\(suppression.origin.rawValue))")
        return html + "</dl></div>\n"
    }

    private func vulnerability(_ vulnerability: Vulnerability) -> String {
        var html = "<div class=\"vulnerability\"><h4>Vulnerability</h4>\n<dl class=\"facts\">\n"
        html += fact("Plugin", "\(HTMLEscaping.escape(vulnerability.pluginID)) \(HTMLEscaping.escape(vulnerability.pluginName))")
        let port = "\(vulnerability.port)/\(HTMLEscaping.escape(vulnerability.transport)) (\(HTMLEscaping.escape(vulnerability.service)))"
        html += fact("Host and port", "<code>\(HTMLEscaping.escape(vulnerability.host))</code> \(port)")
        if let score = vulnerability.cvss3BaseScore { html += fact("CVSS v3", String(score)) }
        if !vulnerability.cves.isEmpty { html += fact("CVEs", vulnerability.cves.map(HTMLEscaping.escape).joined(separator: ", ")) }
        html += fact("Joined by", vulnerability.joinedBy.map(\.rawValue) ?? "not joined to a scanned resource")
        if let solution = vulnerability.solution { html += fact("Solution", HTMLEscaping.escape(solution)) }
        html += "</dl>\n"
        if let output = vulnerability.pluginOutput {
            html += "<pre class=\"plugin-output\" aria-label=\"Plugin output\">\(HTMLEscaping.escape(output))</pre>\n"
        }
        html += links(vulnerability.seeAlso)
        return html + "</div>\n"
    }

    private func remediation(_ rule: Rule) -> String {
        let fixes = [("az", rule.remediation.az), ("Bicep", rule.remediation.bicep), ("Terraform", rule.remediation.terraform)]
            .compactMap { label, text in text.map { (label, $0) } }
        guard !fixes.isEmpty || !rule.links.isEmpty else { return "" }
        var html = "<div class=\"remediation\"><h4>Remediation</h4>\n"
        if !fixes.isEmpty {
            html += "<dl class=\"fixes\">\n"
            for (label, text) in fixes { html += "<div><dt>\(label)</dt><dd><pre>\(HTMLEscaping.escape(text))</pre></dd></div>\n" }
            html += "</dl>\n"
        }
        html += links(rule.links)
        return html + "</div>\n"
    }

    /// Links a person may follow; only `http:`/`https:` URLs become hyperlinks (never `javascript:`), the rest is text.
    func links(_ urls: [String]) -> String {
        guard !urls.isEmpty else { return "" }
        let items = urls.map { url in
            let text = HTMLEscaping.escape(url)
            guard let target = HTMLEscaping.linkTarget(url) else { return "<li>\(text)</li>" }
            return "<li><a href=\"\(HTMLEscaping.escape(target))\" rel=\"noreferrer noopener\">\(text)</a></li>"
        }
        return "<ul class=\"links\">\(items.joined())</ul>\n"
    }
}
