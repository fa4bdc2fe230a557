import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// Separate resources that patch another, and values: unknowns kept, sensitive values redacted, locations kept.
@Suite("Patches and values")
struct PatchAndValueTests {
    static let vault = "/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"

    @Test("azurerm_key_vault_access_policy adds one access policy to its vault")
    func accessPolicy() throws {
        let result = try MappingFixtures.mapping.resources(from: [
            try MappingFixtures.instance(
                "azurerm_key_vault", #"{"name": "kv", "resource_group_name": "rg", "access_policy": [{"object_id": "a"}]}"#),
            try MappingFixtures.instance("azurerm_key_vault_access_policy", #"{"key_vault_id": "\#(Self.vault)", "object_id": "b"}"#),
        ])
        #expect(result.diagnostics.isEmpty)
        #expect(result.resources.count == 1)
        #expect(result.resources.first?.text(at: "properties.accessPolicies") == #"[{"objectId": "a"}, {"objectId": "b"}]"#)
    }

    @Test("a separate customer-managed key and network rules are merged into their account")
    func mergedPatches() throws {
        let account = "/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/ai"
        let storage = "/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"
        let result = try MappingFixtures.mapping.resources(from: [
            try MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai", "resource_group_name": "rg"}"#),
            try MappingFixtures.instance(
                "azurerm_cognitive_account_customer_managed_key",
                #"{"cognitive_account_id": "\#(account)", "key_vault_key_id": "https://v.vault.azure.net/keys/k/1"}"#),
            try MappingFixtures.instance("azurerm_storage_account", #"{"name": "st", "resource_group_name": "rg"}"#, major: 4),
            try MappingFixtures.instance(
                "azurerm_storage_account_network_rules", #"{"storage_account_id": "\#(storage)", "default_action": "Deny"}"#),
        ])
        #expect(result.diagnostics.isEmpty)
        #expect(result.resources.first?.text(at: "properties.encryption.keySource") == #""Microsoft.KeyVault""#)
        #expect(result.resources.first?.text(at: "properties.encryption.keyVaultProperties.keyName") == #""k""#)
        #expect(result.resources.last?.text(at: "properties.networkAcls") == #"{"defaultAction": "Deny", "bypass": "AzureServices"}"#)
    }

    @Test("unknowns stay unknown with their expression, inside blocks and lists too")
    func unknownValues() throws {
        let resource = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azurerm_cognitive_account",
                #"{"name": "ai", "public_network_access_enabled": "${unknown:var.public}", "network_acls": [{"default_action": "${unknown:var.action}"}], "fqdns": ["a", "${unknown:var.fqdn}"]}"#
            ))
        #expect(resource.value(at: "properties.publicNetworkAccess")?.unknown?.expression == "var.public")
        #expect(resource.value(at: "properties.networkAcls.defaultAction")?.unknown?.expression == "var.action")
        #expect(resource.value(at: "properties.allowedFqdnList")?.containsUnknown == true)
    }

    @Test("sensitive values become a redacted string, never their text and never unknown")
    func sensitiveValues() throws {
        let resource = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azurerm_machine_learning_compute_cluster",
                #"{"name": "c", "machine_learning_workspace_id": "/w", "ssh": [{"admin_username": "azure", "admin_password": "${sensitive:hunter2-secret}"}], "local_auth_enabled": "${sensitive:false}"}"#
            ))
        #expect(resource.text(at: "properties.properties.userAccountCredentials.adminUserPassword") == #""<redacted>""#)
        #expect(resource.text(at: "properties.disableLocalAuth") == #""<redacted>""#)
        #expect(!resource.body.displayText.contains("hunter2"))
        #expect(!resource.body.containsUnknown)
    }

    @Test("a sensitive block still counts as written: an ssh block with a sensitive key opens SSH, the key redacted")
    func sensitiveBlockPresence() throws {
        var instance = try MappingFixtures.instance(
            "azurerm_machine_learning_compute_instance",
            #"{"name": "ci", "machine_learning_workspace_id": "/w", "ssh": [{"public_key": "ssh-rsa AAAA"}]}"#)
        var attributes = try #require(instance.attributes.members)
        attributes["ssh"] = attributes["ssh"]?.markedSensitive()
        instance.attributes = .object(attributes, at: instance.location)
        let resource = try MappingFixtures.resource(instance)
        #expect(
            resource.text(at: "properties.properties.sshSettings") == #"{"sshPublicAccess": "Enabled", "adminPublicKey": "<redacted>"}"#)
    }

    @Test("a private endpoint's connection is shaped as ARM's, so rules follow it to its target")
    func privateEndpoint() throws {
        let resource = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azurerm_private_endpoint",
                #"{"name": "pe", "subnet_id": "/s", "private_service_connection": [{"name": "c", "private_connection_resource_id": "/acct", "subresource_names": ["account"], "is_manual_connection": false}]}"#
            ))
        #expect(
            resource.text(at: "properties")
                == #"{"subnet": {"id": "/s"}, "privateLinkServiceConnections": [{"name": "c", "properties": {"privateLinkServiceId": "/acct", "groupIds": ["account"]}}]}"#
        )
    }
}
