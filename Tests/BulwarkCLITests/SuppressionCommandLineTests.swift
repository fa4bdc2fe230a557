import Foundation
import ScanTesting
import Testing

/// Suppressions through the binary, in each input format: an unexpired one sets its finding aside (status
/// `suppressed`), an expired one lets it fail again with a `suppression-expired` warning, `--no-inline-suppressions`
/// keeps only the project file's, and a bad project-file suppression exits 2 at its file:line:column.
@Suite("scan with suppressions")
struct SuppressionCommandLineTests {
    let cli = CommandLineTests()

    struct Report {
        var findings: [[String: Any]]
        var warnings: [[String: Any]]

        init(_ output: String) throws {
            let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            findings = report["findings"] as? [[String: Any]] ?? []
            warnings = report["warnings"] as? [[String: Any]] ?? []
        }

        func status(_ rule: String) -> String? {
            findings.first { $0["ruleId"] as? String == rule }?["status"] as? String
        }

        func warnings(_ code: String) -> [[String: Any]] { warnings.filter { $0["code"] as? String == code } }
    }

    /// BW-AI-001 (local auth) suppressed until 2099, BW-AI-002 (public network) suppressed until 2020: expired.
    func expectSuppressedAndExpired(_ input: String, expiredLine: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try cli.run(["scan", input, "--format", "json"])
        #expect(run.status == 1, "the expired suppression's finding fails again: \(run.error)")
        let report = try Report(run.output)
        #expect(report.status("BW-AI-001") == "suppressed", "\(report.findings)")
        #expect(report.status("BW-AI-002") == "fail")
        let expired = report.warnings("suppression-expired")
        #expect(expired.count == 1, "\(report.warnings)")
        #expect(expired.first?["line"] as? Int == expiredLine)
        #expect((expired.first?["message"] as? String)?.contains("2020-01-31") == true)
        let governed = try Report(try cli.run(["scan", input, "--format", "json", "--no-inline-suppressions"]).output)
        #expect(governed.status("BW-AI-001") == "fail", "--no-inline-suppressions leaves inline suppressions out")
        #expect(governed.warnings("suppression-expired").isEmpty)
    }

    @Test("ARM: metadata.bulwark.suppress suppresses, and an expired entry fails again")
    func arm() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write(
            "azuredeploy.json",
            """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "resources": [
                {"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "acct", "kind": "OpenAI",
                 "metadata": {"bulwark": {"suppress": [
                   {"rule": "BW-AI-001", "reason": "The batch job still signs with a key", "expires": "2099-01-31"},
                   {"rule": "BW-AI-002", "reason": "Before the private endpoint", "expires": "2020-01-31"}
                 ]}},
                 "properties": {"disableLocalAuth": false}}
              ]
            }
            """)
        try expectSuppressedAndExpired(template, expiredLine: 8)
    }

    @Test("Bicep: // bulwark:suppress above the resource (a decorator between) suppresses, and an expired one fails again")
    func bicep() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "main.bicep",
            """
            // bulwark:suppress BW-AI-001 reason="The batch job still signs with a key" until=2099-01-31
            // bulwark:suppress BW-AI-002 reason="Before the private endpoint" until=2020-01-31
            @description('The account')
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: 'acct'
              kind: 'OpenAI'
              properties: {
                disableLocalAuth: false
              }
            }
            """)
        try expectSuppressedAndExpired(file, expiredLine: 2)
    }

    @Test("Terraform: # bulwark:suppress above and inside the block suppresses, and an expired one fails again")
    func terraform() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "main.tf",
            """
            # bulwark:suppress BW-AI-001 reason="The batch job still signs with a key" until=2099-01-31
            resource "azurerm_cognitive_account" "openai" {
              name                = "acct"
              location            = "westeurope"
              resource_group_name = "rg-ai"
              kind                = "OpenAI"
              sku_name            = "S0"
              # bulwark:suppress BW-AI-002 reason="Before the private endpoint" until=2020-01-31
            }
            """)
        try expectSuppressedAndExpired(folder.path, expiredLine: 8)
    }

    @Test("the project file's suppressions apply by glob, also with --no-inline-suppressions; a malformed comment warns at its line")
    func projectFile() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate(name: "oai-prod"))
        let bicep = try folder.write(
            "b.bicep", "// bulwark:suppress BW-AI-001 because\n" + Fixtures.accountBicep(name: "oai-dev"))
        let config = try folder.write(
            "bulwark.yaml",
            """
            suppressions:
              - rule: BW-AI-001
                resource: "OAI-*"
                reason: Accepted until the key rotation project ends
                expires: 2099-12-31
              - rule: BW-AI-002
                resource: "nothing-matches-*"
                reason: Stale
                expires: never
            """)
        let run = try cli.run(["scan", template, bicep, "--format", "json", "--config", config, "--no-inline-suppressions"])
        let report = try Report(run.output)
        let local = report.findings.filter { $0["ruleId"] as? String == "BW-AI-001" }
        #expect(local.count == 2)
        #expect(local.allSatisfy { $0["status"] as? String == "suppressed" }, "\(local)")
        let unmatched = report.warnings("suppression-unmatched")
        #expect(unmatched.map { $0["line"] as? Int } == [6], "\(report.warnings)")
        let plain = try Report(try cli.run(["scan", template, bicep, "--format", "json", "--config", config]).output)
        let malformed = plain.warnings("malformed-suppression")
        #expect(malformed.count == 1)
        #expect(malformed.first?["line"] as? Int == 1)
        #expect((malformed.first?["file"] as? String)?.hasSuffix("b.bicep") == true)
    }

    @Test("an unknown rule id, no reason or a bad date in the project file exits 2 naming file:line:column")
    func badProjectFile() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let config = try folder.write(
            "bulwark.yaml",
            """
            suppressions:
              - rule: BW-NOPE-001
                resource: "*"
                reason: x
                expires: never
              - rule: BW-AI-001
                resource: "*"
                expires: 2099-01-01
              - rule: BW-AI-002
                resource: "*"
                reason: x
                expires: 31/01/2099
            """)
        let run = try cli.run(["scan", template, "--format", "json", "--config", config])
        #expect(run.status == 2, "\(run.error)")
        #expect(run.error.contains("\(config):2:11: unknown rule id 'BW-NOPE-001'"), "\(run.error)")
        #expect(run.error.contains("\(config):6:5: this suppression has no 'reason'"), "\(run.error)")
        #expect(run.error.contains("\(config):12:14: expected 'expires' to be a real date"), "\(run.error)")
        let report = try Report(run.output)
        #expect(report.findings.allSatisfy { $0["status"] as? String != "suppressed" }, "a bad suppression suppresses nothing")
    }
}
