import Foundation
import LocatedJSON
import ScanTesting
import SourceModel
import Testing

@testable import TerraformPlan

@Suite("Terraform plans: detected by content")
struct PlanDetectionTests {
    @Test("a plan is an object with format_version and planned_values or resource_changes, at the top level")
    func detection() throws {
        let folder = try TemporaryFolder()
        let plan = try folder.write("plan.json", PlanFixtures.storagePlan())
        let changesOnly = try folder.write("c.json", "\u{FEFF} {\"resource_changes\": [], \"format_version\": \"1.2\"}")
        let template = try folder.write(
            "t.json", #"{"$schema": "x/deploymentTemplate.json#", "resources": [{"format_version": "1", "planned_values": {}}]}"#)
        let state = try folder.write("state.json", #"{"format_version": "1.0", "values": {"root_module": {}}}"#)
        let quoted = try folder.write("q.json", #"{"a\"format_version": 1, "b": "planned_values", "format_version": "x"}"#)
        let broken = try folder.write("broken.json", #"{"format_version": "1.2", "planned_values": "#)
        #expect(PlanDetection.isPlanFile(plan))
        #expect(PlanDetection.isPlanFile(changesOnly))
        #expect(!PlanDetection.isPlanFile(template), "keys inside nested values do not count")
        #expect(!PlanDetection.isPlanFile(state), "a state file is not a plan")
        #expect(!PlanDetection.isPlanFile(quoted), "key text inside strings does not count")
        #expect(PlanDetection.isPlanFile(broken), "a truncated plan is still claimed, so that its reader reports the error")
        #expect(!PlanDetection.isPlanFile(folder.url.appendingPathComponent("missing.json").path))
        #expect(PlanDetection.isPlan(try JSONReader().read(PlanFixtures.modulePlan)))
        #expect(!PlanDetection.isPlan(try JSONReader().read("[]")))
    }

    @Test("JSON that is not a plan, and text that is not JSON, are located errors")
    func notPlans() throws {
        let folder = try TemporaryFolder()
        let state = try folder.write("state.json", #"{"format_version": "1.0", "values": {}}"#)
        guard case .failure(let problem) = TerraformPlanReader().read(state) else {
            Issue.record("a state file was read as a plan")
            return
        }
        #expect(problem.code == .notATerraformPlan)
        let broken = try folder.write("broken.json", #"{"format_version": "1.2", "planned_values": "#)
        guard case .failure(let syntax) = TerraformPlanReader().read(broken) else {
            Issue.record("broken JSON was read")
            return
        }
        #expect(syntax.code == .malformedJSON)
        #expect(syntax.location.file == broken)
    }

    @Test("a plan with resource_changes and no planned_values is read from each change's after")
    func changesOnly() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "plan.json",
            """
            {"format_version": "1.0", "resource_changes": [
              {"address": "module.m.azurerm_key_vault.kv", "module_address": "module.m", "mode": "managed", "type": "azurerm_key_vault",
               "name": "kv", "provider_name": "registry.terraform.io/hashicorp/azurerm",
               "change": {"actions": ["create"], "after": {"name": "kv", "purge_protection_enabled": false}, "after_unknown": {"id": true}}},
              {"address": "azurerm_key_vault.old", "mode": "managed", "type": "azurerm_key_vault", "name": "old",
               "change": {"actions": ["delete"], "before": {"name": "old"}, "after": null}}
            ]}
            """)
        guard case .success(let plan) = TerraformPlanReader().read(path) else {
            Issue.record("the plan was not read")
            return
        }
        #expect(plan.instances.map(\.address) == ["module.m.azurerm_key_vault.kv"])
        #expect(plan.instances.first?.attributes[member: "purge_protection_enabled"]?.boolValue == false)
        #expect(plan.instances.first?.attributes[member: "id"]?.isUnknown == true)
        #expect(plan.deleted.map(\.address) == ["azurerm_key_vault.old"])
    }

    @Test("an entry without a type is skipped with a warning; the rest of the plan is read")
    func badEntry() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "plan.json",
            #"{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"name": "x"}, {"type": "azurerm_resource_group", "name": "rg", "address": "azurerm_resource_group.rg", "values": 3}]}}}"#
        )
        guard case .success(let plan) = TerraformPlanReader().read(path) else {
            Issue.record("the plan was not read")
            return
        }
        #expect(plan.instances.map(\.address) == ["azurerm_resource_group.rg"])
        #expect(plan.diagnostics.map(\.code) == [.invalidPlan, .invalidPlan])
        #expect(plan.diagnostics.allSatisfy { $0.severity == .warning && $0.location.file == path })
    }
}
