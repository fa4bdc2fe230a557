import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// Names, ids, parents and scopes, written as the ARM engine writes template ids, so references connect.
@Suite("Resource ids, parents and scopes")
struct ResourceIdentityTests {
    static let group = "/subscriptions/{subscription}/resourceGroups/rg"
    static let account = "\(group)/providers/Microsoft.CognitiveServices/accounts/ai"

    @Test("a top-level resource's id uses resource_group_name, or keeps the placeholder when it is not known")
    func topLevel() throws {
        let known = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai", "resource_group_name": "rg"}"#))
        #expect(known.id == Self.account)
        #expect(known.name == "ai")
        #expect(known.type == "Microsoft.CognitiveServices/accounts")
        #expect(known.origin == .terraform)
        #expect(known.address == "azurerm_cognitive_account.this")
        #expect(known.source == MappingFixtures.block)
        #expect(known.text(at: "name") == #""ai""#)
        #expect(known.text(at: "type") == #""Microsoft.CognitiveServices/accounts""#)
        let unknown = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai", "resource_group_name": "${unknown:var.rg}"}"#))
        #expect(
            unknown.id == "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.CognitiveServices/accounts/ai")
    }

    @Test("armID gives the id the resource gets, for references to it")
    func armIDMatchesResource() throws {
        let mapping = try MappingFixtures.mapping
        let attributes = try MappingFixtures.attributes(#"{"name": "ai", "resource_group_name": "rg"}"#)
        #expect(mapping.armID(type: "azurerm_cognitive_account", attributes: attributes) == Self.account)
        #expect(mapping.armID(type: "azurerm_resource_group", attributes: try MappingFixtures.attributes(#"{"name": "rg"}"#)) == Self.group)
        #expect(mapping.armID(type: "random_string", attributes: attributes) == nil)
        #expect(mapping.armID(type: "azurerm_key_vault_access_policy", attributes: attributes) == nil, "a patch has no id of its own")
        let unknownName = try MappingFixtures.attributes(#"{"name": "${unknown:random_string.x.result}", "resource_group_name": "rg"}"#)
        #expect(
            mapping.armID(type: "azurerm_storage_account", attributes: unknownName)
                == "\(Self.group)/providers/Microsoft.Storage/storageAccounts/random_string.x.result")
    }

    @Test("a deployment is a child of its account: name account/deployment, id under the account's, linked both ways")
    func childResource() throws {
        let mapping = try MappingFixtures.mapping
        let account = try MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai", "resource_group_name": "rg"}"#)
        let deployment = try MappingFixtures.instance(
            "azurerm_cognitive_deployment", #"{"name": "gpt-4o", "cognitive_account_id": "\#(Self.account)"}"#, name: "gpt")
        let result = mapping.resources(from: [account, deployment])
        let child = try #require(result.resources.last)
        #expect(child.name == "ai/gpt-4o")
        #expect(child.id == "\(Self.account)/deployments/gpt-4o")
        #expect(child.parentID == Self.account)
        #expect(result.resources.first?.childIDs == [child.id])
        #expect(mapping.armID(type: "azurerm_cognitive_deployment", attributes: deployment.attributes) == child.id)
    }

    @Test("a subnet is a child of the virtual network its virtual_network_name names, in the same resource group")
    func childByName() throws {
        let subnet = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_subnet", #"{"name": "pe", "virtual_network_name": "vnet", "resource_group_name": "rg"}"#))
        #expect(subnet.name == "vnet/pe")
        #expect(subnet.id == "\(Self.group)/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe")
        #expect(subnet.parentID == "\(Self.group)/providers/Microsoft.Network/virtualNetworks/vnet")
    }

    @Test("a diagnostic setting and a role assignment are extensions of their target: scopeID and the body's scope")
    func extensionResources() throws {
        let setting = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azurerm_monitor_diagnostic_setting",
                #"{"name": "diag", "target_resource_id": "\#(Self.account)", "log_analytics_workspace_id": "/law"}"#))
        #expect(setting.scopeID == Self.account)
        #expect(setting.id == "\(Self.account)/providers/Microsoft.Insights/diagnosticSettings/diag")
        #expect(setting.text(at: "scope") == #""\#(Self.account)""#)
        #expect(setting.parentID == nil)
        let assignment = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azurerm_role_assignment", #"{"scope": "\#(Self.account)", "role_definition_name": "Reader"}"#, name: "reader"))
        #expect(assignment.scopeID == Self.account)
        #expect(assignment.name == "azurerm_role_assignment.reader", "no name: the provider generates one, so the address stands for it")
        let unknownScope = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_role_assignment", #"{"scope": "${unknown:data.azurerm_subscription.current.id}"}"#))
        #expect(unknownScope.value(at: "scope")?.isUnknown == true, "an unknown scope stays unknown for the rules that follow it")
    }

    @Test("an instance of a block whose count is unknown is kept, marked as possibly not deployed")
    func unknownInstances() throws {
        let unknown = Unknown(expression: "var.accounts", reason: "for_each is known only after apply")
        let resource = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai"}"#, key: .unknown(unknown)))
        #expect(resource.condition == .unknown(unknown))
        #expect(resource.address == "azurerm_cognitive_account.this[*]")
    }

    @Test("data sources describe nothing deployed; unmapped azurerm types get one note per type, other providers none")
    func skippedInstances() throws {
        let mapping = try MappingFixtures.mapping
        let result = mapping.resources(from: [
            try MappingFixtures.instance("azurerm_key_vault", #"{"name": "kv"}"#, mode: .data),
            try MappingFixtures.instance("azurerm_kubernetes_cluster", #"{"name": "a"}"#, name: "a"),
            try MappingFixtures.instance("azurerm_kubernetes_cluster", #"{"name": "b"}"#, name: "b"),
            try MappingFixtures.instance("random_string", #"{"length": 4}"#),
        ])
        #expect(result.resources.isEmpty)
        #expect(result.diagnostics.count == 1)
        let note = try #require(result.diagnostics.first)
        #expect(note.severity == .note)
        #expect(note.code == .unmappedTerraformType)
        #expect(note.message.contains("azurerm_kubernetes_cluster"))
    }
}
