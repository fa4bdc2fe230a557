import Foundation
import ScanTesting
import SourceModel
import TerraformModel
import Testing

@testable import TerraformPlan

@Suite("Terraform plans: format versions, unknowns, sensitive values, modules")
struct TerraformPlanReaderTests {
    func read(_ text: String, name: String = "plan.json", in folder: TemporaryFolder? = nil) throws -> TerraformPlan {
        let folder = try folder ?? TemporaryFolder()
        let path = try folder.write(name, text)
        switch TerraformPlanReader().read(path) {
        case .success(let plan): return plan
        case .failure(let problem): throw problem
        }
    }

    @Test(
        "every format version from 0.1 to 1.2 is read, with the address, provider and values",
        arguments: ["0.1", "0.2", "1.0", "1.1", "1.2"])
    func formatVersions(version: String) throws {
        let plan = try read(PlanFixtures.storagePlan(version: version))
        #expect(plan.formatVersion == version)
        #expect(plan.terraformVersion == "1.9.5")
        let instance = try #require(plan.instances.first)
        #expect(plan.instances.count == 1)
        #expect(instance.address == "azurerm_storage_account.sa")
        #expect(instance.type == "azurerm_storage_account" && instance.name == "sa" && instance.mode == .managed)
        #expect(instance.provider == "azurerm")
        #expect(instance.providerMajorVersion == 3)
        #expect(instance.source == .plan)
        #expect(instance.attributes[member: "min_tls_version"]?.stringValue == "TLS1_2")
        #expect(instance.attributes[member: "allow_nested_items_to_be_public"]?.boolValue == false)
        #expect(plan.diagnostics.isEmpty)
    }

    @Test("an unknown format version is an error at the format_version value that says which versions are read")
    func unknownFormatVersion() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("plan.json", PlanFixtures.storagePlan(version: "2.0"))
        guard case .failure(let problem) = TerraformPlanReader().read(path) else {
            Issue.record("a 2.0 plan was read")
            return
        }
        #expect(problem.code == .unsupportedPlanFormat)
        #expect(problem.severity == .error)
        #expect(problem.location == SourceLocation(file: path, line: 2, column: 21))
        #expect(problem.message.contains("\"2.0\""))
        #expect(problem.message.contains("0.1, 0.2, 1.0, 1.1, 1.2"))
        let numeric = try folder.write("n.json", #"{"format_version": 1, "planned_values": {}}"#)
        guard case .failure(let numericProblem) = TerraformPlanReader().read(numeric) else {
            Issue.record("a numeric format version was read")
            return
        }
        #expect(numericProblem.message.contains("a number"))
    }

    @Test("after_unknown makes values unknown, known after apply, named by their address; nested blocks too")
    func unknowns() throws {
        let instance = try #require(try read(PlanFixtures.storagePlan()).instances.first)
        let endpoint = try #require(instance.attributes[member: "primary_blob_endpoint"])
        guard case .unknown(let unknown) = endpoint.kind else {
            Issue.record("primary_blob_endpoint is \(endpoint.rendered)")
            return
        }
        #expect(unknown.reason == "known after apply")
        #expect(unknown.expression == "azurerm_storage_account.sa.primary_blob_endpoint")
        #expect(instance.attributes[member: "id"]?.isUnknown == true)
        let rule = try #require(instance.attributes[member: "network_rules"]?.elements?.first)
        #expect(rule[member: "subnet_id"]?.isUnknown == true)
        #expect(rule[member: "default_action"]?.stringValue == "Deny")
    }

    @Test("after_sensitive marks values sensitive, and nothing renders them")
    func sensitiveValues() throws {
        let instance = try #require(try read(PlanFixtures.storagePlan()).instances.first)
        let key = try #require(instance.attributes[member: "primary_access_key"])
        #expect(key.isSensitive)
        #expect(key.rendered == "(sensitive value)")
        #expect(!instance.attributes.rendered.contains("c2VjcmV0"))
        #expect(instance.attributes[member: "name"]?.isSensitive == false)
    }

    @Test("child modules nest; index gives count and for_each keys; data sources keep their mode")
    func modulesAndIndexes() throws {
        let plan = try read(PlanFixtures.modulePlan)
        #expect(
            plan.instances.map(\.address) == [
                "azurerm_resource_group.rg[0]", "data.azurerm_client_config.current",
                "module.ai[\"east.us\"].azurerm_cognitive_account.openai",
                "module.ai[\"east.us\"].module.net.azurerm_private_endpoint.pe[\"a\"]",
            ])
        #expect(plan.instances[0].key == .index(0))
        #expect(plan.instances[1].mode == .data)
        #expect(plan.instances[3].key == .key("a"))
        #expect(plan.instances[3].moduleAddress == "module.ai[\"east.us\"].module.net")
        #expect(plan.instances[0].providerMajorVersion == nil, "the plan names no version constraint")
    }

    @Test("a resource the plan deletes is not planned; it is listed with the values it had")
    func deletions() throws {
        let plan = try read(PlanFixtures.modulePlan)
        #expect(!plan.instances.contains { $0.type == "azurerm_key_vault" })
        let deleted = try #require(plan.deleted.first)
        #expect(plan.deleted.count == 1)
        #expect(deleted.address == "azurerm_key_vault.old")
        #expect(deleted.attributes[member: "name"]?.stringValue == "kv-old")
    }

    @Test("without configuration beside it, instances and values point at the plan's line:column")
    func planPositions() throws {
        let folder = try TemporaryFolder()
        let plan = try read(PlanFixtures.storagePlan(), in: folder)
        let instance = try #require(plan.instances.first)
        #expect(instance.location.file == plan.file)
        #expect(instance.location.line == 7)
        #expect(instance.attributes[member: "min_tls_version"]?.location?.line == 16)
        #expect(plan.locatedInConfiguration["azurerm_storage_account.sa"] == false)
    }

    @Test("with the configuration beside the plan, the .tf block and its attributes are used; computed values point at the block")
    func configurationPositions() throws {
        let folder = try TemporaryFolder()
        let tf = try folder.write(
            "main.tf",
            """
            resource "azurerm_storage_account" "sa" {
              name            = "stdata"
              min_tls_version = "TLS1_2"

              network_rules {
                default_action = "Deny"
              }
            }

            """)
        let plan = try read(PlanFixtures.storagePlan(), in: folder)
        let instance = try #require(plan.instances.first)
        #expect(instance.location == SourceLocation(file: tf, line: 1, column: 1))
        #expect(instance.attributes[member: "min_tls_version"]?.location == SourceLocation(file: tf, line: 3, column: 21))
        let rule = try #require(instance.attributes[member: "network_rules"]?.elements?.first)
        #expect(rule[member: "default_action"]?.location == SourceLocation(file: tf, line: 6, column: 22))
        #expect(instance.attributes[member: "allow_nested_items_to_be_public"]?.location == SourceLocation(file: tf, line: 1, column: 1))
        #expect(instance.attributes[member: "primary_blob_endpoint"]?.location?.file == tf)
        #expect(plan.locatedInConfiguration["azurerm_storage_account.sa"] == true)
    }

    @Test("a module's resources are found in its local source folder, followed from the plan's module calls")
    func moduleConfiguration() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.tf", "module \"ai\" {\n  source = \"./modules/ai\"\n}\n")
        let ai = try folder.write("modules/ai/main.tf", "\n\nresource \"azurerm_cognitive_account\" \"openai\" {\n  name = \"oai\"\n}\n")
        let net = try folder.write("modules/net/pe.tf", "resource \"azurerm_private_endpoint\" \"pe\" {\n  for_each = toset([\"a\"])\n}\n")
        let plan = try read(PlanFixtures.modulePlan, in: folder)
        let account = try #require(plan.instances.first { $0.type == "azurerm_cognitive_account" })
        #expect(account.location == SourceLocation(file: ai, line: 3, column: 1))
        #expect(account.attributes[member: "name"]?.location == SourceLocation(file: ai, line: 4, column: 10))
        let endpoint = try #require(plan.instances.first { $0.type == "azurerm_private_endpoint" })
        #expect(endpoint.location == SourceLocation(file: net, line: 1, column: 1))
        let group = try #require(plan.instances.first { $0.type == "azurerm_resource_group" })
        #expect(group.location.file.hasSuffix("plan.json"), "no block for it in main.tf: the plan's position")
    }

    @Test("a registry module's resources are found where terraform init installed it (.terraform/modules/modules.json)")
    func installedModule() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.tf", "module \"ai\" {\n  source = \"Azure/avm-res-cognitiveservices-account/azurerm\"\n}\n")
        try folder.write(
            ".terraform/modules/modules.json",
            #"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"ai","Source":"registry.terraform.io/Azure/x/azurerm","Dir":".terraform/modules/ai"},{"Key":"ai.net","Source":"./modules/net","Dir":".terraform/modules/ai/modules/net"}]}"#
        )
        let ai = try folder.write(".terraform/modules/ai/main.tf", "resource \"azurerm_cognitive_account\" \"openai\" {}\n")
        let net = try folder.write(".terraform/modules/ai/modules/net/main.tf", "\nresource \"azurerm_private_endpoint\" \"pe\" {}\n")
        let plan = try read(PlanFixtures.modulePlan, in: folder)
        #expect(plan.instances.first { $0.type == "azurerm_cognitive_account" }?.location == SourceLocation(file: ai, line: 1, column: 1))
        #expect(plan.instances.first { $0.type == "azurerm_private_endpoint" }?.location == SourceLocation(file: net, line: 2, column: 1))
    }

    @Test("module addresses split into module names, keys with dots and brackets included")
    func moduleNames() {
        #expect(ConfigurationLocator.moduleNames("") == [])
        #expect(ConfigurationLocator.moduleNames("module.a") == ["a"])
        #expect(ConfigurationLocator.moduleNames("module.a[\"x.y]\"].module.b[0]") == ["a", "b"])
        #expect(ConfigurationLocator.moduleNames("aws_s3_bucket.b") == nil)
        #expect(ConfigurationLocator.join("plans", "./modules/../net") == "plans/net")
        #expect(ConfigurationLocator.join("", "../x") == "../x")
    }

    @Test("the lowest provider major version a constraint admits")
    func providerVersions() {
        #expect(ProviderVersions.lowestMajor("~> 3.100") == 3)
        #expect(ProviderVersions.lowestMajor(">= 4.0, < 5") == 4)
        #expect(ProviderVersions.lowestMajor("=3.0.2") == 3)
        #expect(ProviderVersions.lowestMajor("< 5.0") == nil)
    }
}
