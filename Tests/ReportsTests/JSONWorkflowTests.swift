import Foundation
import PostureModel
import RuleEngine
import SourceModel
import Testing

@testable import Reports

@Suite("JSON report: workflow members and the streaming writer")
struct JSONWorkflowTests {
    func object(_ result: ScanResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: try JSONReport().render(result)) as? [String: Any])
    }

    func findings(_ report: [String: Any]) -> [[String: Any]] { report["findings"] as? [[String: Any]] ?? [] }

    @Test("each finding has its fingerprint; suppression, baseline, vulnerability and notes when it has them")
    func findingMembers() throws {
        let report = try object(WorkflowFixtures.result())
        let all = findings(report)
        #expect(all.count == 7)
        #expect(all.allSatisfy { ($0["fingerprint"] as? String)?.count == 32 })
        #expect(all[0]["baseline"] as? String == "new" && all[1]["baseline"] as? String == "unchanged")
        let suppressed = all[2]
        #expect(suppressed["status"] as? String == "suppressed")
        let suppression = try #require(suppressed["suppression"] as? [String: Any])
        #expect(suppression["origin"] as? String == "inline" && suppression["expires"] as? String == "2099-01-31")
        #expect(suppression["expired"] as? Bool == false && suppression["reason"] as? String == "Legacy | client <needs> `keys`")
        #expect(
            suppression["file"] as? String == "templates/main.json" && suppression["line"] as? Int == 8
                && suppression["column"] as? Int == 3)
        let lapsed = try #require(all[3]["suppression"] as? [String: Any])
        #expect(
            all[3]["status"] as? String == "fail" && lapsed["expired"] as? Bool == true && lapsed["origin"] as? String == "project-file")
        let vulnerability = try #require(all[5]["vulnerability"] as? [String: Any])
        #expect(vulnerability["pluginID"] as? String == "19506" && vulnerability["port"] as? Int == 443)
        #expect(vulnerability["cvss3BaseScore"] as? Double == 9.8 && vulnerability["joinedBy"] as? String == "ip-address")
        #expect(vulnerability["cves"] as? [String] == ["CVE-2024-0001"])
        #expect(all[5]["notes"] as? [String] == ["internet-exposed and has a critical vulnerability"])
        #expect(all[0]["notes"] == nil && all[0]["suppression"] == nil && all[0]["vulnerability"] == nil)
        #expect(findings(try object(WorkflowFixtures.result(baseline: false))).allSatisfy { $0["baseline"] == nil })
    }

    @Test("the top level has fixed with a baseline, hosts when any, and the summary's new counts")
    func topLevel() throws {
        let report = try object(WorkflowFixtures.result())
        let fixed = try #require(report["fixed"] as? [[String: Any]])
        #expect(fixed.count == 1 && fixed[0]["fingerprint"] as? String == WorkflowFixtures.fixedEntry.fingerprint)
        #expect(fixed[0]["resourceName"] as? String == "mended" && fixed[0]["address"] == nil)
        let hosts = try #require(report["hosts"] as? [[String: Any]])
        #expect(hosts[0]["name"] as? String == "10.0.0.9" && hosts[0]["joinedBy"] as? String == "ip-address")
        #expect((hosts[0]["openPorts"] as? [[String: Any]])?.first?["port"] as? Int == 443)
        let summary = try #require(report["summary"] as? [String: Int])
        #expect(summary["suppressed"] == 1 && summary["expiredSuppressions"] == 1)
        #expect(summary["new"] == 3 && summary["unchanged"] == 1 && summary["fixed"] == 1)
        let plain = try object(ReportFixtures.result)
        #expect(plain["fixed"] == nil && plain["hosts"] == nil)
        #expect((plain["summary"] as? [String: Int])?["new"] == nil)
    }

    @Test("keys are written sorted, in the encoder's layout, and empty containers are valid")
    func layout() throws {
        let text = String(decoding: try JSONReport().render(ReportFixtures.result), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"errors\" : [\n    {\n      \"code\" : \"malformed-json\","))
        #expect(text.contains("\"warnings\" : []\n}"))
        let keys = ["\"errors\"", "\"findings\"", "\"summary\"", "\"tool\"", "\"version\" : 1", "\"warnings\""]
        let positions = keys.compactMap { text.range(of: "\n  " + $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
    }

    @Test("values: strings escaped, object members sorted, unknowns marked, whole doubles without a fraction")
    func values() throws {
        var writer = JSONWriter()
        let value = Value(
            .object([
                Value.Member(key: "z", value: Value(.string("a\"b\\c\n\u{1}/"))), Value.Member(key: "a", value: Value(.double(2))),
                Value.Member(key: "m", value: Value(.array([Value(.double(0.5)), Value(.null), Value(.integer(-3))]))),
                Value.Member(key: "u", value: .unknown("[parameters('x')]", reason: "no value")),
            ]))
        writer.value(value)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.contains(#""z" : "a\"b\\c\n\u0001/""#))
        #expect(text.contains("\"a\" : 2,"))
        #expect(text.firstRange(of: "\"a\"")!.lowerBound < text.firstRange(of: "\"m\"")!.lowerBound)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect((parsed["u"] as? [String: String])?["$unknown"] == "[parameters('x')]")
        #expect((parsed["m"] as? [Any])?.count == 3)
    }

    @Test("100,000 findings render to a document that parses with every finding")
    func large() throws {
        let data = try JSONReport().render(WorkflowFixtures.large(100_000))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(findings(report).count == 100_000)
    }
}
