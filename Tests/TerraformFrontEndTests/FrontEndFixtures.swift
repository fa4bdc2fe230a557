import Foundation
import PostureModel
import SourceModel
import Synchronization
import TerraformFrontEnd
import TerraformModel

/// A stand-in for TerraformEvaluation (built elsewhere): each root module folder evaluates to one
/// `azurerm_cognitive_account` named after the folder, with local auth on unless the folder has `secure.tf`; a folder
/// with `broken.tf` gives an error instead. It records what it was asked.
final class FixtureEvaluator: TerraformConfigurationEvaluating {
    let calls = Mutex<[(root: String, inputs: TerraformVariableInputs)]>([])

    func evaluate(rootModule directory: String, inputs: TerraformVariableInputs) -> TerraformConfiguration {
        calls.withLock { $0.append((directory, inputs)) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let main = (directory as NSString).appendingPathComponent("main.tf")
        if names.contains("broken.tf") {
            let broken = (directory as NSString).appendingPathComponent("broken.tf")
            return TerraformConfiguration(
                diagnostics: [
                    Diagnostic(Diagnostic.Code("hcl-syntax"), at: SourceLocation(file: broken, line: 1, column: 9), "expected '{'")
                ])
        }
        let instance = TerraformResourceInstance(
            mode: .managed, type: "azurerm_cognitive_account", name: (directory as NSString).lastPathComponent,
            attributes: .object([
                "local_auth_enabled": .bool(!names.contains("secure.tf"), at: SourceLocation(file: main, line: 4, column: 24))
            ]),
            location: SourceLocation(file: main, line: 1, column: 1), provider: "azurerm", source: .configuration)
        return TerraformConfiguration(instances: [instance], filesRead: [main])
    }

    var roots: [String] { calls.withLock { $0.map(\.root) } }
}

/// A stand-in for TerraformMapping (built elsewhere): `azurerm_cognitive_account` becomes an OpenAI account whose
/// `disableLocalAuth` is the opposite of `local_auth_enabled`; other types are not mapped (one note each).
struct FixtureMapping: TerraformInstanceMapping {
    func resources(from instances: [TerraformResourceInstance]) -> (resources: [Resource], diagnostics: [Diagnostic]) {
        var resources: [Resource] = []
        var diagnostics: [Diagnostic] = []
        for instance in instances {
            guard instance.type == "azurerm_cognitive_account" else {
                diagnostics.append(
                    Diagnostic(Diagnostic.Code("unmapped-type"), .note, at: instance.location, "not mapped: \(instance.type)"))
                continue
            }
            let local = instance.attributes[member: "local_auth_enabled"]
            var disable = Value(
                .unknown(Unknown(expression: "local_auth_enabled", reason: "known after apply")), location: instance.location)
            if let flag = local?.boolValue { disable = Value(.bool(!flag), location: local?.location) }
            let body = Value(
                .object([
                    Value.Member(key: "kind", value: .string("OpenAI")),
                    Value.Member(key: "properties", value: Value(.object([Value.Member(key: "disableLocalAuth", value: disable)]))),
                ]), location: instance.location)
            let name = instance.attributes[member: "name"]?.stringValue ?? instance.name
            resources.append(
                Resource(
                    type: "Microsoft.CognitiveServices/accounts", name: name,
                    id: "/subscriptions/{subscription}/resourceGroups/"
                        + "{resourceGroup}/providers/Microsoft.CognitiveServices/accounts/\(name)", apiVersion: "2024-10-01", body: body,
                    source: instance.location, origin: .terraform, address: instance.address))
        }
        return (resources, diagnostics)
    }
}

enum FrontEndFixtures {
    static func frontEnd(
        inputs: TerraformVariableInputs = TerraformVariableInputs(), evaluator: FixtureEvaluator = FixtureEvaluator()
    ) -> TerraformFrontEnd {
        TerraformFrontEnd(inputs: inputs, evaluator: evaluator, mapping: FixtureMapping())
    }

    /// A plan with an OpenAI account (local auth on), a resource group the fixture mapping does not map, and a
    /// deleted account.
    static let plan = """
        {
          "format_version": "1.2",
          "planned_values": {"root_module": {"resources": [
            {"address": "azurerm_cognitive_account.oai", "mode": "managed", "type": "azurerm_cognitive_account", "name": "oai",
             "provider_name": "registry.terraform.io/hashicorp/azurerm", "values": {"name": "oai-plan", "local_auth_enabled": true}},
            {"address": "azurerm_resource_group.rg", "mode": "managed", "type": "azurerm_resource_group", "name": "rg",
             "provider_name": "registry.terraform.io/hashicorp/azurerm", "values": {"name": "rg"}}
          ]}},
          "resource_changes": [
            {"address": "azurerm_cognitive_account.gone", "mode": "managed", "type": "azurerm_cognitive_account", "name": "gone",
             "provider_name": "registry.terraform.io/hashicorp/azurerm",
             "change": {"actions": ["delete"], "before": {"name": "oai-old", "local_auth_enabled": true}, "after": null}}
          ]
        }
        """
}
