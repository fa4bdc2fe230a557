import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// `azapi_resource` bodies are ARM already: type and API version from `type`, the id from `parent_id` and `name`.
@Suite("azapi resources")
struct AzapiMappingTests {
    static let group = "/subscriptions/{subscription}/resourceGroups/rg"
    static let account = "\(group)/providers/Microsoft.CognitiveServices/accounts/ai"

    @Test("type@apiVersion, name and parent_id give the type, API version and id; the body is merged at the top level")
    func topLevelResource() throws {
        let instance = try MappingFixtures.instance(
            "azapi_resource",
            #"{"type": "Microsoft.CognitiveServices/accounts@2025-04-01-preview", "name": "ai", "parent_id": "\#(Self.group)", "location": "eastus", "identity": [{"type": "SystemAssigned"}], "body": {"kind": "AIServices", "sku": {"name": "S0"}, "properties": {"disableLocalAuth": true}}}"#
        )
        let resource = try MappingFixtures.resource(instance)
        #expect(resource.type == "Microsoft.CognitiveServices/accounts")
        #expect(resource.apiVersion == "2025-04-01-preview")
        #expect(resource.id == Self.account)
        #expect(resource.parentID == nil && resource.scopeID == nil)
        #expect(resource.text(at: "kind") == #""AIServices""#)
        #expect(resource.text(at: "properties.disableLocalAuth") == "true")
        #expect(resource.text(at: "identity.type") == #""SystemAssigned""#)
        #expect(resource.text(at: "location") == #""eastus""#)
        #expect(resource.value(at: "properties.disableLocalAuth")?.location?.file == "main.tf")
        #expect(try MappingFixtures.mapping.armID(type: "azapi_resource", attributes: instance.attributes) == Self.account)
    }

    @Test("a child type under a resource of its parent type is a child: account/project")
    func childResource() throws {
        let resource = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azapi_resource",
                #"{"type": "Microsoft.CognitiveServices/accounts/projects@2025-04-01-preview", "name": "p", "parent_id": "\#(Self.account)", "body": {"properties": {}}}"#
            ))
        #expect(resource.name == "ai/p")
        #expect(resource.id == "\(Self.account)/projects/p")
        #expect(resource.parentID == Self.account)
    }

    @Test("a top-level type under another resource is an extension of it")
    func extensionResource() throws {
        let resource = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azapi_resource",
                #"{"type": "Microsoft.Insights/diagnosticSettings@2021-05-01-preview", "name": "d", "parent_id": "\#(Self.account)", "body": {"properties": {"workspaceId": "/law"}}}"#
            ))
        #expect(resource.scopeID == Self.account)
        #expect(resource.id == "\(Self.account)/providers/Microsoft.Insights/diagnosticSettings/d")
        #expect(resource.text(at: "scope") == #""\#(Self.account)""#)
    }

    @Test("an azapi 1.x jsonencode body string is decoded, its values located at the body")
    func stringBody() throws {
        let instance = try MappingFixtures.instance(
            "azapi_resource",
            #"{"type": "Microsoft.Search/searchServices@2024-06-01-preview", "name": "s", "parent_id": "\#(Self.group)", "body": "{\"properties\": {\"publicNetworkAccess\": \"disabled\", \"replicaCount\": 3}}"}"#
        )
        let resource = try MappingFixtures.resource(instance)
        #expect(resource.text(at: "properties.publicNetworkAccess") == #""disabled""#)
        #expect(resource.text(at: "properties.replicaCount") == "3")
        #expect(resource.value(at: "properties.replicaCount")?.location == instance.attributes[member: "body"]?.location)
    }

    @Test("a body that is not JSON is a located warning, and the rest of the resource is still mapped")
    func badBody() throws {
        let instance = try MappingFixtures.instance(
            "azapi_resource", #"{"type": "Microsoft.Search/searchServices@2024-06-01-preview", "name": "s", "body": "{not json"}"#)
        let result = try MappingFixtures.mapping.resources(from: [instance])
        #expect(result.resources.count == 1)
        let warning = try #require(result.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.location == instance.attributes[member: "body"]?.location)
    }

    @Test("an unknown type is a warning and no resource; an unknown body leaves properties unknown")
    func unknowns() throws {
        let mapping = try MappingFixtures.mapping
        let unknownType = try MappingFixtures.instance("azapi_resource", #"{"type": "${unknown:var.type}", "name": "x"}"#)
        let result = mapping.resources(from: [unknownType])
        #expect(result.resources.isEmpty)
        #expect(result.diagnostics.map(\.code) == [.terraformMapping])
        let unknownBody = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azapi_resource",
                #"{"type": "Microsoft.Search/searchServices@2024-06-01-preview", "name": "s", "body": "${unknown:local.body}"}"#))
        #expect(unknownBody.value(at: "properties")?.isUnknown == true)
    }

    @Test("azapi_update_resource is merged onto the resource it names; one whose target is elsewhere is a note")
    func updateResource() throws {
        let mapping = try MappingFixtures.mapping
        let account = try MappingFixtures.instance(
            "azurerm_cognitive_account", #"{"name": "ai", "resource_group_name": "rg", "kind": "OpenAI", "local_auth_enabled": true}"#)
        let update = try MappingFixtures.instance(
            "azapi_update_resource",
            #"{"type": "Microsoft.CognitiveServices/accounts@2024-10-01", "resource_id": "\#(Self.account)", "body": {"properties": {"disableLocalAuth": true}}}"#
        )
        let elsewhere = try MappingFixtures.instance(
            "azapi_update_resource",
            #"{"type": "Microsoft.CognitiveServices/accounts@2024-10-01", "resource_id": "/elsewhere", "body": {}}"#)
        let result = mapping.resources(from: [account, update, elsewhere])
        #expect(result.resources.count == 1)
        #expect(result.resources.first?.text(at: "properties.disableLocalAuth") == "true")
        #expect(result.resources.first?.text(at: "kind") == #""OpenAI""#)
        #expect(result.diagnostics.map(\.severity) == [.note])
    }
}
