import Foundation
import ScanTesting
import Testing

/// `bulwark scan` on Terraform through the binary, with the real evaluator, functions and mapping wired.
@Suite("scan of Terraform configurations and plans")
struct TerraformScanTests {
    let cli = CommandLineTests()

    static func findings(_ output: String) throws -> (findings: [[String: Any]], errors: [[String: Any]]) {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return (report["findings"] as? [[String: Any]] ?? [], report["errors"] as? [[String: Any]] ?? [])
    }

    static func finding(_ findings: [[String: Any]], rule: String, address: String) -> [String: Any]? {
        findings.first { ($0["ruleId"] as? String) == rule && (($0["resource"] as? [String: Any])?["address"] as? String) == address }
    }

    @Test(
        "a root module is judged: findings name the address and the block's line; computed attributes read through functions are unknown"
    )
    func configuration() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "main.tf",
            """
            terraform {
              required_providers {
                azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
              }
            }
            variable "name" {
              type    = string
              default = "oai"
            }
            resource "random_uuid" "suffix" {
              count = 1
            }
            resource "azurerm_cognitive_account" "openai" {
              name                = "${var.name}-${substr(one(random_uuid.suffix).result, 0, 4)}"
              location            = "westeurope"
              resource_group_name = "rg-ai"
              kind                = "OpenAI"
              sku_name            = "S0"
              tags                = { owner = one(random_uuid.suffix).result }
            }
            """)
        let run = try cli.run(["scan", folder.path, "--format", "json"])
        #expect(run.status == 1, "findings fail the scan: \(run.error)")
        let (findings, errors) = try Self.findings(run.output)
        #expect(errors.isEmpty, "\(errors)")
        let localAuth = try #require(Self.finding(findings, rule: "BW-AI-001", address: "azurerm_cognitive_account.openai"))
        #expect(localAuth["status"] as? String == "fail", "local_auth_enabled omitted: azurerm sends disableLocalAuth false")
        let resource = try #require(localAuth["resource"] as? [String: Any])
        #expect(resource["type"] as? String == "Microsoft.CognitiveServices/accounts")
        #expect((resource["file"] as? String)?.hasSuffix("main.tf") == true)
        #expect(resource["line"] as? Int == 13)
    }

    @Test("a plan is read by content and judged with the addresses of its resources")
    func plan() throws {
        let folder = try TemporaryFolder()
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.5",
             "planned_values": {"root_module": {"resources": [
               {"address": "azurerm_cognitive_account.openai", "mode": "managed", "type": "azurerm_cognitive_account",
                "name": "openai", "provider_name": "registry.terraform.io/hashicorp/azurerm",
                "values": {"name": "oai", "location": "westeurope", "resource_group_name": "rg", "kind": "OpenAI",
                           "sku_name": "S0", "local_auth_enabled": false, "public_network_access_enabled": true}}]}},
             "resource_changes": [{"address": "azurerm_cognitive_account.openai", "mode": "managed",
               "type": "azurerm_cognitive_account", "name": "openai",
               "change": {"actions": ["create"], "after": {}, "after_unknown": {"id": true}}}]}
            """
        let path = try folder.write("plan.json", plan)
        let run = try cli.run(["scan", path, "--format", "json"])
        let (findings, errors) = try Self.findings(run.output)
        #expect(errors.isEmpty, "\(errors)")
        #expect(Self.finding(findings, rule: "BW-AI-001", address: "azurerm_cognitive_account.openai")?["status"] as? String == "pass")
        #expect(Self.finding(findings, rule: "BW-AI-002", address: "azurerm_cognitive_account.openai")?["status"] as? String == "fail")
    }

    @Test("the bundled Terraform example fails the rules it was written to break, at its own lines")
    func bundledExample() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/terraform-openai-insecure").path
        let run = try cli.run(["scan", example, "--format", "json"])
        #expect(run.status == 1)
        let (findings, errors) = try Self.findings(run.output)
        #expect(errors.isEmpty, "\(errors)")
        for rule in ["BW-AI-001", "BW-AI-002", "BW-AI-005", "BW-AI-009", "BW-AI-010"] {
            #expect(
                Self.finding(findings, rule: rule, address: "azurerm_cognitive_account.openai")?["status"] as? String == "fail", "\(rule)")
        }
        let global = try #require(Self.finding(findings, rule: "BW-AOAI-004", address: #"azurerm_cognitive_deployment.model["chat"]"#))
        #expect(global["status"] as? String == "fail")
        #expect((global["resource"] as? [String: Any])?["line"] as? Int == 21, "the SKU's value: the optional() default")
        #expect(
            Self.finding(findings, rule: "BW-AOAI-007", address: #"azurerm_cognitive_deployment.model["chat"]"#)?["status"] as? String
                == "fail")
    }

    @Test("inside a root module, `scan .` and `scan main.tf` judge the same resources as the folder named from outside")
    func currentFolder() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/terraform-openai-insecure").path
        let folder = try TemporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: example) where name.hasSuffix(".tf") {
            try FileManager.default.copyItem(atPath: example + "/" + name, toPath: folder.path + "/" + name)
        }
        let outside = try Self.findings(try cli.run(["scan", folder.path, "--format", "json"]).output).findings
        #expect(outside.count > 10)
        func addresses(_ findings: [[String: Any]]) -> [String] {
            findings.compactMap { "\($0["ruleId"] ?? "") \((($0["resource"] as? [String: Any])?["address"] as? String) ?? "")" }.sorted()
        }
        for argument in [".", "./", "main.tf"] {
            let inside = try cli.run(["scan", argument, "--format", "json"], in: folder.path)
            #expect(inside.status == 1, "\(argument): \(inside.error)")
            #expect(addresses(try Self.findings(inside.output).findings) == addresses(outside), "scan \(argument)")
        }
    }
}
