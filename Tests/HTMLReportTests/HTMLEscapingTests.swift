import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel
import Testing

@testable import HTMLReport

@Suite("HTML report: escaping and offline")
struct HTMLEscapingTests {
    static let attack = "</script><img src=x onerror=alert(1)>\"'&"

    func hostileResult() -> ScanResult {
        var rule = HTMLFixtures.rule(links: "[\"javascript:alert(1)\", https://example.com/a]")
        rule.title = "Title " + Self.attack
        rule.remediation = Rule.Remediation(az: "az " + Self.attack)
        var finding = HTMLFixtures.finding(.fail, name: "name" + Self.attack, message: "Message " + Self.attack)
        finding.notes = ["Note " + Self.attack]
        finding.suppression = AppliedSuppression(HTMLFixtures.suppression(reason: "Reason " + Self.attack), expired: true)
        return ScanResult(files: ["x"], findings: [finding], rules: [rule])
    }

    @Test("a resource name, message, rule title and more holding </script><img onerror> and \"'& are escaped everywhere")
    func hostileValues() throws {
        let context = ReportContext(
            generatedAt: Date(timeIntervalSince1970: 0), inputs: ["in" + Self.attack + "\u{2028}"], rulePack: "pack" + Self.attack)
        let html = try HTMLFixtures.render(hostileResult(), context: context)
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror=alert(1)>"))
        #expect(!html.contains("\"'&\""))
        // The one script element is the report's own; the JSON one ends exactly once.
        #expect(HTMLFixtures.count("</script>", in: html) == 2)
        #expect(HTMLFixtures.count("<script", in: html) == 2)
        for prefix in ["Title ", "Message ", "Note ", "Reason ", "az ", "pack", "in"] {
            #expect(html.contains(prefix + "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"), "\(prefix)")
        }
        #expect(
            html.contains("data-search=\"Microsoft.Test/things name&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;\""))
        // In the facts JSON: no raw <, >, & or U+2028.
        let factsStart = try #require(html.range(of: "id=\"report-facts\">"))
        let factsEnd = try #require(html.range(of: "</script>", range: factsStart.upperBound..<html.endIndex))
        let facts = String(html[factsStart.upperBound..<factsEnd.lowerBound])
        #expect(facts.contains("in\\u003C/script\\u003E\\u003Cimg src=x onerror=alert(1)\\u003E\\\"'\\u0026\\u2028"))
        #expect(!facts.contains("<") && !facts.contains(">") && !facts.contains("&") && !facts.contains("\u{2028}"))
        let decoded = try JSONSerialization.jsonObject(with: Data(facts.utf8)) as? [String: Any]
        #expect((decoded?["inputs"] as? [String]) == ["in" + Self.attack + "\u{2028}"])
    }

    @Test("only http and https URLs become links; javascript: is shown as text")
    func links() throws {
        let html = try HTMLFixtures.render(hostileResult())
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("<li>javascript:alert(1)</li>"))
        #expect(html.contains("<a href=\"https://example.com/a\""))
        #expect(HTMLEscaping.linkTarget("HTTPS://x.test/\"onmouseover") == nil)
        #expect(HTMLEscaping.linkTarget("data:text/html,x") == nil)
    }

    @Test("nothing is loaded from anywhere: no src, link, url() or import, and a CSP with default-src 'none'")
    func offline() throws {
        let result = ScanResult(findings: [HTMLFixtures.finding(.fail, name: "open")], rules: [HTMLFixtures.rule()])
        let html = try HTMLFixtures.render(result)
        for pattern in [#"\ssrc\s*="#, #"<link\b"#, #"url\("#, #"@import"#, #"srcset"#, #"<iframe"#, #"fetch\("#, #"XMLHttpRequest"#] {
            #expect(html.range(of: pattern, options: .regularExpression) == nil, "\(pattern)")
        }
        // Every absolute URL is a hyperlink's target or its text, never something the page loads.
        let urls = html.ranges(of: /https?:\/\//)
        for range in urls {
            let before = html[
                (html.index(range.lowerBound, offsetBy: -6, limitedBy: html.startIndex) ?? html.startIndex)..<range.lowerBound]
            #expect(before.hasSuffix("href=\"") || before.hasSuffix("\">"), "\(before)")
        }
        let csp = try #require(html.firstMatch(of: /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.1)
        #expect(csp.hasPrefix("default-src 'none';"))
        #expect(csp.contains("connect-src 'none'") && csp.contains("img-src 'none'") && csp.contains("form-action 'none'"))
        #expect(!csp.contains("unsafe-inline"))
    }

    @Test("the CSP allows exactly the inline style and script, by their SHA-256")
    func policyHashes() throws {
        let style = try HTMLReport.asset("report", "css")
        let script = try HTMLReport.asset("report", "js")
        let html = try HTMLFixtures.render(ScanResult())
        #expect(html.contains("<style>\(style)</style>"))
        #expect(html.contains("<script>\(script)</script>"))
        let policy = HTMLReport.contentSecurityPolicy(style: style, script: script)
        #expect(html.contains("content=\"\(policy)\""))
        #expect(HTMLReport.contentSecurityPolicy(style: style + " ", script: script) != policy)
        #expect(policy.contains("script-src 'sha256-") && policy.contains("style-src 'sha256-"))
    }

    @Test("JSON for a script element escapes quotes, controls, <, >, & and the line separators")
    func jsonString() {
        #expect(
            HTMLEscaping.jsonString("a\"b\\c\n\u{1}<>&\u{2028}\u{2029}é") == "\"a\\\"b\\\\c\\n\\u0001\\u003C\\u003E\\u0026\\u2028\\u2029é\""
        )
    }
}
