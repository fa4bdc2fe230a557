import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel
import Testing

@testable import HTMLReport

@Suite("HTML report: suppressions, baselines and hosts")
struct HTMLSectionTests {
    @Test("a suppressed finding shows its reason, expiry and where it is written; an expired one fails again")
    func suppressions() throws {
        var suppressed = HTMLFixtures.finding(.suppressed, name: "accepted")
        suppressed.suppression = AppliedSuppression(HTMLFixtures.suppression(), expired: false)
        var expired = HTMLFixtures.finding(.fail, name: "lapsed")
        expired.suppression = AppliedSuppression(HTMLFixtures.suppression(reason: "Old reason", expires: "2020-01-01"), expired: true)
        var forever = HTMLFixtures.finding(.suppressed, name: "forever")
        forever.suppression = AppliedSuppression(HTMLFixtures.suppression(reason: "No end", expires: nil), expired: false)
        let html = try HTMLFixtures.render(ScanResult(findings: [suppressed, expired, forever], rules: [HTMLFixtures.rule()]))
        #expect(html.contains("<h4>Suppressed</h4>"))
        #expect(html.contains("<dt>Reason</dt><dd>Accepted until the migration</dd>"))
        #expect(html.contains("<dt>Expires</dt><dd><time>2027-01-31</time></dd>"))
        #expect(html.contains("<dt>Expires</dt><dd>never</dd>"))
        #expect(html.contains("<code>.bulwark.yaml:4:5</code> (project-file)"))
        #expect(html.contains("<div class=\"suppression expired\"><h4>Expired suppression: the finding fails again</h4>"))
        #expect(html.contains("data-status=\"fail\" data-controls=\"api-key-management rbac\" data-flags=\"expired\""))
        #expect(html.contains("Failed, suppression expired</span>"))
        #expect(HTMLFixtures.count("data-status=\"suppressed\"", in: html) == 2)
        #expect(html.contains("data-key=\"suppressed\"><span class=\"count\">2</span>"))
        #expect(html.contains("data-key=\"expired\"><span class=\"count\">1</span>"))
        #expect(html.contains("<option value=\"expired\">Expired suppression</option>"))
    }

    @Test("with a baseline: new and unchanged counted and flagged, and the fixed entries listed")
    func baseline() throws {
        var new = HTMLFixtures.finding(.fail, name: "fresh")
        new.baseline = .new
        var unchanged = HTMLFixtures.finding(.fail, name: "known")
        unchanged.baseline = .unchanged
        let gone = BaselineEntry(HTMLFixtures.finding(.fail, name: "repaired<x>"))
        let result = ScanResult(findings: [new, unchanged], rules: [HTMLFixtures.rule()], fixed: [gone])
        let html = try HTMLFixtures.render(result)
        #expect(html.contains("data-key=\"new\"><span class=\"count\">1</span> <span class=\"label\">New</span>"))
        #expect(html.contains("data-key=\"unchanged\"><span class=\"count\">1</span>"))
        #expect(html.contains("data-key=\"fixed\"><span class=\"count\">1</span>"))
        #expect(html.contains("data-flags=\"new\""))
        #expect(html.contains("data-flags=\"unchanged\""))
        #expect(html.contains("Failed, new</span>"))
        #expect(html.contains("<option value=\"new\">New</option>"))
        #expect(html.contains("<h2 id=\"fixed-title\">Fixed since the baseline (1)</h2>"))
        #expect(html.contains("<td>BW-T-001</td><td>Microsoft.Test/things repaired&lt;x&gt;</td><td><code>templates/main.json</code></td>"))
        #expect(html.contains("\"baseline\":{\"new\":1,\"unchanged\":1,\"fixed\":1}"))
        let empty = try HTMLFixtures.render(ScanResult(findings: [unchanged], rules: [HTMLFixtures.rule()], fixed: []))
        #expect(empty.contains("Every failure of the baseline is still found."))
    }

    @Test("Nessus hosts with their open ports and join, and a vulnerability's CVEs, CVSS, port, solution and output")
    func hosts() throws {
        let host = ScannedHost(
            name: "10.0.0.4", addresses: ["10.0.0.4"], fqdns: ["vm1.example.internal"], hostname: "vm1",
            operatingSystem: "Ubuntu 22.04", openPorts: [OpenPort(port: 22, transport: "tcp", service: "ssh")],
            resourceID: "/subscriptions/s/providers/Microsoft.Compute/virtualMachines/vm1", joinedBy: .ipAddress,
            source: SourceLocation(file: "scan.nessus", line: 3, column: 1))
        let lonely = ScannedHost(name: "printer", source: SourceLocation(file: "scan.nessus", line: 90, column: 1))
        var finding = HTMLFixtures.finding(.fail, name: "vm1", rule: "NESSUS-19506")
        finding.vulnerability = Vulnerability(
            pluginID: "19506", pluginName: "OpenSSH < 9.8 <RCE>", host: "10.0.0.4", port: 22, transport: "tcp", service: "ssh",
            cves: ["CVE-2024-6387"], cvss3BaseScore: 8.1, solution: "Upgrade OpenSSH.", pluginOutput: "Installed: 8.9p1",
            seeAlso: ["https://www.openssh.com/txt/release-9.8"], joinedBy: .ipAddress)
        finding.notes = ["internet-exposed and has a critical vulnerability"]
        let rule = Rule.external(
            id: "NESSUS-19506", title: "OpenSSH < 9.8", severity: .critical, category: "vulnerability", rationale: "RCE.",
            source: SourceLocation(file: "scan.nessus", line: 3, column: 1))
        let html = try HTMLFixtures.render(ScanResult(findings: [finding], rules: [rule], hosts: [host, lonely]))
        #expect(html.contains("<h2 id=\"hosts-title\">Scanned hosts (2)</h2>"))
        #expect(html.contains("<td>10.0.0.4, vm1.example.internal, vm1</td><td>Ubuntu 22.04</td><td>22/tcp ssh</td>"))
        #expect(html.contains("<code>/subscriptions/s/providers/Microsoft.Compute/virtualMachines/vm1</code> (by ip-address)"))
        #expect(html.contains("<td>none seen</td><td>not joined</td>"))
        #expect(html.contains("<dt>Plugin</dt><dd>19506 OpenSSH &lt; 9.8 &lt;RCE&gt;</dd>"))
        #expect(html.contains("<dt>Host and port</dt><dd><code>10.0.0.4</code> 22/tcp (ssh)</dd>"))
        #expect(html.contains("<dt>CVSS v3</dt><dd>8.1</dd>"))
        #expect(html.contains("<dt>CVEs</dt><dd>CVE-2024-6387</dd>"))
        #expect(html.contains("<dt>Joined by</dt><dd>ip-address</dd>"))
        #expect(html.contains("<dt>Solution</dt><dd>Upgrade OpenSSH.</dd>"))
        #expect(html.contains("<pre class=\"plugin-output\" aria-label=\"Plugin output\">Installed: 8.9p1</pre>"))
        #expect(html.contains("<a href=\"https://www.openssh.com/txt/release-9.8\""))
        #expect(html.contains("<p class=\"note\">internet-exposed and has a critical vulnerability</p>"))
        // An external rule has no condition: no "Expected" line.
        #expect(!html.contains("<dt>Expected</dt>"))
    }
}
