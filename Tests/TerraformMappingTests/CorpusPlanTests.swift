import Foundation
import LocatedJSON
import PostureModel
import RuleEngine
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// Real azurerm plans from the shared corpus (`terraform show -json`, written by others), read here the simplest
/// way (`planned_values` only) to check the mapping on real attribute sets. The corpus path comes from
/// `BULWARK_CORPUS`, else `../shared/corpus` beside the package; the tests skip with a message when it is missing.
@Suite("azurerm plans from the corpus")
struct CorpusPlanTests {
    static var plans: URL? {
        let root: URL
        if let path = ProcessInfo.processInfo.environment["BULWARK_CORPUS"], !path.isEmpty {
            root = URL(fileURLWithPath: path)
        } else {
            root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/corpus")
        }
        let plans = root.appendingPathComponent("terraform/plans")
        guard FileManager.default.fileExists(atPath: plans.path) else {
            print("skipped: no corpus plans at \(plans.path) (set BULWARK_CORPUS to the corpus folder)")
            return nil
        }
        return plans
    }

    /// The managed resources of a plan's `planned_values`, root and child modules, as plan instances located at
    /// their entries.
    static func instances(inPlan name: String) throws -> [TerraformResourceInstance]? {
        guard let plans else { return nil }
        let path = plans.appendingPathComponent(name).path
        let json = try JSONReader().read(String(contentsOfFile: path, encoding: .utf8))
        var instances: [TerraformResourceInstance] = []
        func collect(_ module: JSONValue?, address: String) {
            for entry in module?[member: "resources"]?.elements ?? [] {
                guard let type = entry[member: "type"]?.stringValue, let name = entry[member: "name"]?.stringValue,
                    entry[member: "mode"]?.stringValue == "managed", let values = entry[member: "values"]
                else { continue }
                let attributes = relocate(MappingFixtures.value(values), file: path)
                let here = SourceLocation(file: path, position: entry.position)
                instances.append(
                    TerraformResourceInstance(
                        mode: .managed, type: type, name: name, moduleAddress: address, attributes: attributes,
                        location: here, provider: "azurerm", source: .plan))
            }
            for child in module?[member: "child_modules"]?.elements ?? [] {
                collect(child, address: child[member: "address"]?.stringValue ?? address)
            }
        }
        collect(json[member: "planned_values"]?[member: "root_module"], address: "")
        return instances
    }

    /// The fixture helper locates values in `main.tf`; a plan's values are in the plan file.
    static func relocate(_ value: TerraformValue, file: String) -> TerraformValue {
        var copy = value
        if let location = value.location { copy.location = SourceLocation(file: file, position: location.position) }
        switch value.kind {
        case .list(let elements): copy.kind = .list(elements.map { relocate($0, file: file) })
        case .object(let members): copy.kind = .object(members.mapValues { relocate($0, file: file) })
        default: break
        }
        return copy
    }

    @Test(
        "every azurerm plan in the corpus maps with no warning; unmapped types are one note each",
        arguments: [
            "checkov-azurerm-nsg-resource-reference.tfplan.json", "terraform-compliance-azurerm-vm-network-storage.tfplan.json",
            "terraform-compliance-azurerm-storage-account.tfplan.json", "terraform-compliance-azurerm-storage-rg.tfplan.json",
            "terraform-compliance-azurerm-postgresql.tfplan.json", "terraform-compliance-azurerm-servicebus.tfplan.json",
        ])
    func mapsCleanly(plan: String) throws {
        guard let instances = try Self.instances(inPlan: plan) else { return }
        let clock = ContinuousClock()
        var result: (resources: [Resource], diagnostics: [Diagnostic]) = ([], [])
        let elapsed = try clock.measure { result = try MappingFixtures.mapping.resources(from: instances) }
        #expect(result.diagnostics.allSatisfy { $0.severity == .note && $0.code == .unmappedTerraformType }, "\(result.diagnostics)")
        let noted = Set(result.diagnostics.map(\.message))
        #expect(noted.count == result.diagnostics.count, "one note per type")
        print(
            "\(plan): \(instances.count) instances, \(result.resources.count) resources, \(result.diagnostics.count) unmapped types, \(elapsed)"
        )
    }

    @Test("a network security rule joins the group it names, and a plan's TLS1_0 storage account fails BW-ST-001")
    func verdicts() throws {
        guard let nsg = try Self.instances(inPlan: "checkov-azurerm-nsg-resource-reference.tfplan.json"),
            let storage = try Self.instances(inPlan: "terraform-compliance-azurerm-storage-account.tfplan.json")
        else { return }
        let groups = try MappingFixtures.mapping.resources(from: nsg).resources
        let rule = try #require(groups.first { $0.type == "Microsoft.Network/networkSecurityGroups/securityRules" })
        #expect(rule.name == "pass/pass")
        #expect(rule.text(at: "properties.access") == #""Deny""#)
        let group = try #require(groups.first { $0.id == rule.parentID })
        #expect(group.childIDs == [rule.id])

        let accounts = try MappingFixtures.mapping.resources(from: storage).resources
        let open = try #require(accounts.first { $0.name == "mystorageacct" })
        let closed = try #require(accounts.first { $0.name == "myprivatestorageacct" })
        let catalog = RuleCatalog.builtIn()
        func status(_ ruleID: String, _ account: Resource) throws -> Finding? {
            RuleEvaluator().evaluate(try #require(catalog.rule(withID: ruleID)), on: account, in: ResourceIndex(accounts))
        }
        let tls = try #require(try status("BW-ST-001", closed))
        #expect(tls.status == .fail)
        #expect(tls.location.file.hasSuffix("terraform-compliance-azurerm-storage-account.tfplan.json"))
        #expect(tls.location == closed.value(at: "properties.minimumTlsVersion")?.location, "at the attribute in the plan")
        #expect(tls.location != closed.source)
        // azurerm 2.x's allow_blob_public_access, read under its old name.
        #expect(try status("BW-ST-003", closed)?.status == .pass)
        #expect(try status("BW-ST-003", open)?.status == .fail)
    }
}
