import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel
import Testing

@testable import HTMLReport

@Suite("HTML report: structure and counts")
struct HTMLReportStructureTests {
    let result = ScanResult(
        files: ["templates/main.json"],
        findings: [
            HTMLFixtures.finding(.fail, name: "open", line: 10),
            HTMLFixtures.finding(.fail, name: "low", rule: "BW-T-002", line: 40),
            HTMLFixtures.finding(.pass, name: "closed", line: 20),
            HTMLFixtures.finding(.unknown, name: "later", line: 30),
        ],
        problems: [Diagnostic(.fileNotFound, at: SourceLocation(file: "gone.json", line: 1, column: 1), "no such file")],
        rules: [HTMLFixtures.rule(), HTMLFixtures.lowRule])

    @Test("one document with the header, sections, one style and one script, and a row per non-passing finding")
    func structure() throws {
        let html = try HTMLFixtures.render(result)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(HTMLFixtures.count("<style>", in: html) == 1)
        #expect(HTMLFixtures.count("<script>", in: html) == 1)
        #expect(HTMLFixtures.count("<script type=\"application/json\" id=\"report-facts\">", in: html) == 1)
        #expect(HTMLFixtures.count("<details class=\"finding\"", in: html) == 3)
        #expect(html.contains("<dd>bulwark \(ToolInfo.version)</dd>"))
        #expect(html.contains("<time datetime=\"2027-01-15T08:00:00Z\">"))
        #expect(html.contains("<dd><code>templates</code></dd>"))
        #expect(html.contains("<dd>built-in + ./policies</dd>"))
        #expect(html.contains("<a class=\"skip-link\" href=\"#findings\">"))
        for id in ["summary", "views", "findings", "problems"] { #expect(html.contains("<section id=\"\(id)\"")) }
        #expect(!html.contains("id=\"hosts\""))
        #expect(!html.contains("id=\"fixed\""))
        #expect(html.contains("1 passing check not listed."))
        #expect(html.contains("no such file"))
    }

    @Test("failures come first, most severe first, then unknown; each row carries its filter data")
    func rowsInOrder() throws {
        let html = try HTMLFixtures.render(result)
        let high = try #require(html.range(of: "data-severity=\"high\" data-status=\"fail\""))
        let low = try #require(html.range(of: "data-severity=\"low\" data-status=\"fail\""))
        let unknown = try #require(html.range(of: "data-status=\"unknown\""))
        #expect(high.lowerBound < low.lowerBound && low.lowerBound < unknown.lowerBound)
        #expect(html.contains("data-controls=\"api-key-management rbac\""))
        #expect(html.contains("data-controls=\"private-endpoints\""))
    }

    @Test("counts by severity and status, and controls ranked by failures")
    func counts() throws {
        let html = try HTMLFixtures.render(result)
        #expect(html.contains("data-key=\"high\"><span class=\"count\">1</span> <span class=\"label\">High</span>"))
        #expect(html.contains("data-key=\"low\"><span class=\"count\">1</span>"))
        #expect(html.contains("data-key=\"critical\"><span class=\"count\">0</span>"))
        #expect(html.contains("data-key=\"fail\"><span class=\"count\">2</span> <span class=\"label\">Failed</span>"))
        #expect(html.contains("data-key=\"unknown\"><span class=\"count\">1</span>"))
        #expect(html.contains("data-key=\"pass\"><span class=\"count\">1</span>"))
        #expect(!html.contains("data-key=\"new\""))
        let controls = ["api-key-management", "private-endpoints", "rbac"].map { "data-filter-control=\"\($0)\"" }
        let positions = try controls.map { try #require(html.range(of: $0)).lowerBound }
        #expect(positions == positions.sorted())
        #expect(html.contains("\"failed\":2,\"unknown\":1,\"suppressed\":0"))
        #expect(html.contains("\"listedBySeverity\":{\"info\":0,\"low\":1,\"medium\":0,\"high\":2,\"critical\":0}"))
    }

    @Test("per finding: where, expected against found, remediation in three forms and links")
    func findingDetails() throws {
        let html = try HTMLFixtures.render(result)
        #expect(html.contains("<code>templates/main.json:10:9</code>"))
        #expect(html.contains("<span class=\"where\">templates/main.json:10</span>"))
        #expect(html.contains("<dt>Expected</dt><dd><code>properties.disableLocalAuth equals true</code></dd>"))
        #expect(html.contains("<dt>Found</dt><dd><code>properties.disableLocalAuth</code> = <code>false</code></dd>"))
        #expect(html.contains("<dt>az</dt><dd><pre>az thing update --disable-local-auth</pre>"))
        #expect(html.contains("<dt>Bicep</dt><dd><pre>disableLocalAuth: true</pre>"))
        #expect(html.contains("<dt>Terraform</dt><dd><pre>local_auth_enabled = false</pre>"))
        #expect(html.contains("<a href=\"https://learn.microsoft.com/azure/\" rel=\"noreferrer noopener\">"))
    }

    @Test("views by resource and by file count each group's findings")
    func views() throws {
        let html = try HTMLFixtures.render(result)
        #expect(html.contains("<h3>By resource (3)</h3>"))
        #expect(html.contains("<h3>By file (1)</h3>"))
        #expect(html.contains("data-search=\"templates/main.json\">templates/main.json</button>"))
        #expect(html.contains("<td>2</td><td>1</td><td>0</td>"))
    }

    @Test("an empty scan still renders, saying there is nothing to list")
    func empty() throws {
        let html = try HTMLFixtures.render(ScanResult())
        #expect(html.contains("No failed, unknown or suppressed findings."))
        #expect(html.contains("No control has a failing finding."))
        #expect(!html.contains("<details class=\"finding\""))
    }
}
