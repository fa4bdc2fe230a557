import Foundation
import PostureModel
import Reports
import Testing

@Suite("Reports")
struct ReportTests {
    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("JSON follows contract version 1, passes included")
    func jsonContract() throws {
        let report = try object(try JSONReport().render(ReportFixtures.result))
        #expect(report["version"] as? Int == 1)
        #expect((report["tool"] as? [String: String]) == ["name": "bulwark", "version": ToolInfo.version])
        let summary = try #require(report["summary"] as? [String: Int])
        #expect(
            summary == [
                "files": 1, "resources": 0, "passed": 1, "failed": 1, "unknown": 1, "errors": 1, "suppressed": 0, "expiredSuppressions": 0,
            ])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.map { $0["status"] as? String } == ["fail", "pass", "unknown"])
        let failed = findings[0]
        #expect(failed["ruleId"] as? String == "BW-T-001")
        #expect(failed["title"] as? String == "Things disable local auth")
        #expect(failed["severity"] as? String == "high")
        #expect(failed["property"] as? String == "properties.disableLocalAuth")
        #expect(failed["actual"] as? Bool == false)
        #expect(failed["controls"] as? [String] == ["api-key-management"])
        let compliance = try #require(failed["compliance"] as? [String: [String]])
        #expect(compliance["MCSB"] == ["IM-1"])
        #expect(compliance["NIST-800-53-r5"] == ["AC-2", "AC-3", "IA-2"], "derived from MCSB through the crosswalk")
        #expect(compliance["HIPAA"] == ["164.312(d)"])
        #expect((failed["remediation"] as? [String: String])?["az"] == "az thing update --disable-local-auth")
        let resource = try #require(failed["resource"] as? [String: Any])
        #expect(resource["type"] as? String == "Microsoft.Test/things")
        #expect(resource["name"] as? String == "open")
        #expect(resource["file"] as? String == "templates/main.json")
        #expect(resource["line"] as? Int == 13)
        #expect(resource["column"] as? Int == 9)
        #expect(
            (findings[2]["actual"] as? [String: String]) == [
                "$unknown": "[parameters('auth')]", "reason": "required parameter 'auth' has no value",
            ])
        let errors = try #require(report["errors"] as? [[String: Any]])
        #expect(errors.count == 1, "notes are not errors")
        #expect(errors[0]["file"] as? String == "templates/broken file.json")
        #expect(errors[0]["line"] as? Int == 3)
        #expect(errors[0]["column"] as? Int == 7)
    }

    @Test("SARIF carries rules with help, located results, fingerprints and security-severity")
    func sarif() throws {
        let log = try object(try SARIFReport().render(ReportFixtures.result))
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rule = try #require((driver["rules"] as? [[String: Any]])?.first)
        #expect(rule["id"] as? String == "BW-T-001")
        #expect(((rule["help"] as? [String: String])?["markdown"])?.contains("```sh\naz thing update --disable-local-auth\n```") == true)
        #expect((rule["properties"] as? [String: Any])?["security-severity"] as? String == "8.0")
        #expect((rule["defaultConfiguration"] as? [String: String])?["level"] == "error")
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["kind"] as? String } == ["fail", "review"], "passes are not results")
        let location = try #require(((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        #expect((location["artifactLocation"] as? [String: String]) == ["uri": "templates/main.json", "uriBaseId": "%SRCROOT%"])
        #expect((location["region"] as? [String: Int]) == ["startLine": 13, "startColumn": 9])
        let fingerprints = try #require(results.map { ($0["partialFingerprints"] as? [String: String])?["bulwarkFinding/v1"] })
        #expect(fingerprints.allSatisfy { $0?.count == 32 })
        #expect(Set(fingerprints).count == 2, "different resources, different fingerprints")
        let notifications = try #require((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])
        let uri = ((notifications.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap {
            $0["artifactLocation"] as? [String: String]
        }?["uri"]
        #expect(uri == "templates/broken%20file.json")
    }

    @Test("a fingerprint does not move with line numbers")
    func stableFingerprint() throws {
        var moved = ReportFixtures.result
        moved.findings[0].location.position.line += 40
        let before = try object(try SARIFReport().render(ReportFixtures.result))
        let after = try object(try SARIFReport().render(moved))
        func fingerprint(_ log: [String: Any]) -> String? {
            let results = (log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]
            return (results?.first?["partialFingerprints"] as? [String: String])?["bulwarkFinding/v1"]
        }
        #expect(fingerprint(before) != nil)
        #expect(fingerprint(before) == fingerprint(after))
    }

    @Test("the table groups by severity, is plain without colour, and coloured with it")
    func table() {
        let plain = TableReport(useColor: false).render(ReportFixtures.result)
        #expect(plain.contains("HIGH  1 failed\n  BW-T-001  things open  templates/main.json:13:9\n"))
        #expect(plain.contains("UNDECIDED  1"))
        #expect(plain.contains("templates/broken file.json:3:7: error: expected ',' or '}' after object member"))
        #expect(!plain.contains("skipped: JSON"), "notes only in verbose mode")
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.hasSuffix("1 template, 0 resources, 3 checks: 1 passed, 1 failed, 1 undecided, 1 input error\n"))
        let verbose = TableReport(useColor: false, verbose: true).render(ReportFixtures.result)
        #expect(verbose.contains("PASSED  1") && verbose.contains("skipped: JSON"))
        #expect(TableReport(useColor: true).render(ReportFixtures.result).contains("\u{1B}[1;31mHIGH  1 failed\u{1B}[0m"))
    }
}
