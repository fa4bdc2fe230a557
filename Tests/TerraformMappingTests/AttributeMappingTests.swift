import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// Each mapped attribute lands at its ARM path with its transform applied.
@Suite("Attribute mappings")
struct AttributeMappingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var type: String
        /// The attributes, as JSON.
        var attributes: String
        var path: String
        var expected: String
        var testDescription: String { "\(type) \(attributes) → \(path)" }

        init(_ type: String, _ attributes: String, _ path: String, _ expected: String) {
            self.type = type
            self.attributes = attributes
            self.path = path
            self.expected = expected
        }
    }

    static let key = "https://vault1.vault.azure.net/keys/cmk/0123abcd"
    static let owner =
        "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"

    static let cases: [Case] = [
        // azurerm_cognitive_account
        Case("azurerm_cognitive_account", #"{"kind": "OpenAI"}"#, "kind", #""OpenAI""#),
        Case("azurerm_cognitive_account", #"{"sku_name": "S0"}"#, "sku.name", #""S0""#),
        Case("azurerm_cognitive_account", #"{"public_network_access_enabled": false}"#, "properties.publicNetworkAccess", #""Disabled""#),
        Case("azurerm_cognitive_account", #"{"local_auth_enabled": false}"#, "properties.disableLocalAuth", "true"),
        Case(
            "azurerm_cognitive_account", #"{"outbound_network_access_restricted": true}"#, "properties.restrictOutboundNetworkAccess",
            "true"),
        Case("azurerm_cognitive_account", #"{"fqdns": ["a.example.com"]}"#, "properties.allowedFqdnList", #"["a.example.com"]"#),
        Case("azurerm_cognitive_account", #"{"custom_subdomain_name": "contoso"}"#, "properties.customSubDomainName", #""contoso""#),
        Case(
            "azurerm_cognitive_account", #"{"network_acls": [{"default_action": "Deny", "ip_rules": ["1.2.3.4"], "bypass": "None"}]}"#,
            "properties.networkAcls", #"{"defaultAction": "Deny", "bypass": "None", "ipRules": [{"value": "1.2.3.4"}]}"#),
        Case(
            "azurerm_cognitive_account", #"{"network_acls": [{"default_action": "Deny", "virtual_network_rules": [{"subnet_id": "/s"}]}]}"#,
            "properties.networkAcls.virtualNetworkRules", #"[{"id": "/s", "ignoreMissingVnetServiceEndpoint": false}]"#),
        Case(
            "azurerm_cognitive_account", #"{"customer_managed_key": [{"key_vault_key_id": "\#(key)", "identity_client_id": "c1"}]}"#,
            "properties.encryption",
            #"{"keySource": "Microsoft.KeyVault", "keyVaultProperties": {"keyVaultUri": "https://vault1.vault.azure.net/", "keyName": "cmk", "keyVersion": "0123abcd", "identityClientId": "c1"}}"#
        ),
        Case(
            "azurerm_cognitive_account", #"{"identity": [{"type": "SystemAssigned, UserAssigned", "identity_ids": ["/id/u1"]}]}"#,
            "identity",
            #"{"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": {"/id/u1": {}}}"#),
        Case("azurerm_cognitive_account", #"{"location": "swedencentral"}"#, "location", #""swedencentral""#),
        Case("azurerm_cognitive_account", #"{"tags": {"env": "prod"}}"#, "tags", #"{"env": "prod"}"#),
        Case(
            "azurerm_cognitive_account", #"{"storage": [{"storage_account_id": "/st"}]}"#, "properties.userOwnedStorage",
            #"[{"resourceId": "/st"}]"#),
        // azurerm_ai_services
        Case("azurerm_ai_services", "{}", "kind", #""AIServices""#),
        Case("azurerm_ai_services", #"{"public_network_access": "Disabled"}"#, "properties.publicNetworkAccess", #""Disabled""#),
        Case("azurerm_ai_services", #"{"local_authentication_enabled": false}"#, "properties.disableLocalAuth", "true"),
        Case(
            "azurerm_ai_services", #"{"network_acls": [{"default_action": "Deny"}]}"#, "properties.networkAcls.bypass", #""AzureServices""#),
        Case(
            "azurerm_ai_services", #"{"customer_managed_key": [{"managed_hsm_key_id": "https://h.managedhsm.azure.net/keys/k"}]}"#,
            "properties.encryption.keyVaultProperties", #"{"keyVaultUri": "https://h.managedhsm.azure.net/", "keyName": "k"}"#),
        // azurerm_cognitive_deployment
        Case(
            "azurerm_cognitive_deployment", #"{"model": [{"format": "OpenAI", "name": "gpt-4o", "version": "2024-11-20"}]}"#,
            "properties.model",
            #"{"format": "OpenAI", "name": "gpt-4o", "version": "2024-11-20"}"#),
        Case(
            "azurerm_cognitive_deployment", #"{"sku": [{"name": "GlobalStandard", "capacity": 10}]}"#, "sku",
            #"{"name": "GlobalStandard", "capacity": 10}"#),
        Case("azurerm_cognitive_deployment", #"{"scale": [{"type": "Standard"}]}"#, "sku", #"{"name": "Standard", "capacity": 1}"#),
        Case("azurerm_cognitive_deployment", #"{"rai_policy_name": "strict"}"#, "properties.raiPolicyName", #""strict""#),
        Case(
            "azurerm_cognitive_deployment", #"{"version_upgrade_option": "NoAutoUpgrade"}"#, "properties.versionUpgradeOption",
            #""NoAutoUpgrade""#),
        // Projects and RAI policies
        Case("azurerm_cognitive_account_project", #"{"display_name": "Team"}"#, "properties.displayName", #""Team""#),
        Case(
            "azurerm_cognitive_account_rai_policy",
            #"{"base_policy_name": "Microsoft.DefaultV2", "content_filter": [{"name": "Hate", "filter_enabled": true, "block_enabled": true, "severity_threshold": "Low", "source": "Prompt"}]}"#,
            "properties",
            #"{"basePolicyName": "Microsoft.DefaultV2", "contentFilters": [{"name": "Hate", "enabled": true, "blocking": true, "severityThreshold": "Low", "source": "Prompt"}]}"#
        ),
        // Foundry hubs and projects, ML workspaces
        Case("azurerm_ai_foundry", "{}", "kind", #""Hub""#),
        Case(
            "azurerm_ai_foundry", #"{"managed_network": [{"isolation_mode": "AllowOnlyApprovedOutbound"}]}"#,
            "properties.managedNetwork.isolationMode", #""AllowOnlyApprovedOutbound""#),
        Case(
            "azurerm_ai_foundry", #"{"encryption": [{"key_id": "\#(key)", "key_vault_id": "/kv"}]}"#, "properties.encryption",
            #"{"status": "Enabled", "keyVaultProperties": {"keyVaultArmId": "/kv", "keyIdentifier": "\#(key)"}}"#),
        Case("azurerm_ai_foundry", #"{"storage_account_id": "/st"}"#, "properties.storageAccount", #""/st""#),
        Case("azurerm_ai_foundry_project", #"{"ai_services_hub_id": "/hub"}"#, "properties.hubResourceId", #""/hub""#),
        Case("azurerm_ai_foundry_project", "{}", "kind", #""Project""#),
        Case(
            "azurerm_machine_learning_workspace", #"{"public_network_access_enabled": false}"#, "properties.publicNetworkAccess",
            #""Disabled""#),
        Case(
            "azurerm_machine_learning_workspace", #"{"managed_network": [{"isolation_mode": "AllowInternetOutbound"}]}"#,
            "properties.managedNetwork.isolationMode", #""AllowInternetOutbound""#),
        Case(
            "azurerm_machine_learning_workspace", #"{"serverless_compute": [{"subnet_id": "/s", "public_ip_enabled": true}]}"#,
            "properties.serverlessComputeSettings", #"{"serverlessComputeCustomSubnet": "/s", "serverlessComputeNoPublicIP": false}"#),
        Case(
            "azurerm_machine_learning_workspace", #"{"storage_account_access_type": "identity"}"#, "properties.systemDatastoresAuthMode",
            #""identity""#),
        Case("azurerm_machine_learning_workspace", #"{"high_business_impact": true}"#, "properties.hbiWorkspace", "true"),
        Case("azurerm_machine_learning_workspace", #"{"v1_legacy_mode_enabled": true}"#, "properties.v1LegacyMode", "true"),
        // ML compute
        Case("azurerm_machine_learning_compute_instance", "{}", "properties.computeType", #""ComputeInstance""#),
        Case(
            "azurerm_machine_learning_compute_instance", #"{"ssh": [{"public_key": "ssh-rsa AAAA"}]}"#, "properties.properties.sshSettings",
            #"{"sshPublicAccess": "Enabled", "adminPublicKey": "ssh-rsa AAAA"}"#),
        Case(
            "azurerm_machine_learning_compute_instance", #"{"node_public_ip_enabled": false}"#, "properties.properties.enableNodePublicIp",
            "false"),
        Case("azurerm_machine_learning_compute_instance", #"{"subnet_resource_id": "/s"}"#, "properties.properties.subnet.id", #""/s""#),
        Case("azurerm_machine_learning_compute_cluster", "{}", "properties.computeType", #""AmlCompute""#),
        Case(
            "azurerm_machine_learning_compute_cluster", #"{"ssh_public_access_enabled": true}"#,
            "properties.properties.remoteLoginPortPublicAccess",
            #""Enabled""#),
        Case(
            "azurerm_machine_learning_compute_cluster", #"{"scale_settings": [{"min_node_count": 0, "max_node_count": 4}]}"#,
            "properties.properties.scaleSettings", #"{"minNodeCount": 0, "maxNodeCount": 4}"#),
        Case("azurerm_machine_learning_compute_cluster", #"{"local_auth_enabled": false}"#, "properties.disableLocalAuth", "true"),
        // AI Search
        Case("azurerm_search_service", #"{"public_network_access_enabled": false}"#, "properties.publicNetworkAccess", #""disabled""#),
        Case(
            "azurerm_search_service", #"{"allowed_ips": ["0.0.0.0/0"]}"#, "properties.networkRuleSet.ipRules", #"[{"value": "0.0.0.0/0"}]"#),
        Case(
            "azurerm_search_service", #"{"customer_managed_key_enforcement_enabled": true}"#, "properties.encryptionWithCmk.enforcement",
            #""Enabled""#),
        Case("azurerm_search_service", #"{"replica_count": 3}"#, "properties.replicaCount", "3"),
        Case("azurerm_search_service", #"{"sku": "standard"}"#, "sku.name", #""standard""#),
        // Key Vault
        Case("azurerm_key_vault", #"{"purge_protection_enabled": true}"#, "properties.enablePurgeProtection", "true"),
        Case("azurerm_key_vault", "{}", "properties.enableSoftDelete", "true"),
        Case("azurerm_key_vault", #"{"enable_rbac_authorization": true}"#, "properties.enableRbacAuthorization", "true"),
        Case(
            "azurerm_key_vault",
            #"{"network_acls": [{"default_action": "Deny", "bypass": "AzureServices", "virtual_network_subnet_ids": ["/s"]}]}"#,
            "properties.networkAcls", #"{"defaultAction": "Deny", "bypass": "AzureServices", "virtualNetworkRules": [{"id": "/s"}]}"#),
        Case(
            "azurerm_key_vault", #"{"access_policy": [{"tenant_id": "t", "object_id": "o", "secret_permissions": ["Get"]}]}"#,
            "properties.accessPolicies", #"[{"tenantId": "t", "objectId": "o", "permissions": {"secrets": ["Get"]}}]"#),
        // Storage
        Case("azurerm_storage_account", #"{"enable_https_traffic_only": false}"#, "properties.supportsHttpsTrafficOnly", "false"),
        Case("azurerm_storage_account", #"{"shared_access_key_enabled": false}"#, "properties.allowSharedKeyAccess", "false"),
        Case(
            "azurerm_storage_account", #"{"network_rules": [{"default_action": "Deny", "bypass": ["AzureServices", "Logging"]}]}"#,
            "properties.networkAcls", #"{"defaultAction": "Deny", "bypass": "AzureServices, Logging"}"#),
        Case(
            "azurerm_storage_account", #"{"customer_managed_key": [{"key_vault_key_id": "\#(key)"}]}"#, "properties.encryption.keySource",
            #""Microsoft.Keyvault""#),
        // Container Registry
        Case("azurerm_container_registry", #"{"admin_enabled": true}"#, "properties.adminUserEnabled", "true"),
        Case("azurerm_container_registry", #"{"anonymous_pull_enabled": true}"#, "properties.anonymousPullEnabled", "true"),
        Case(
            "azurerm_container_registry", #"{"quarantine_policy_enabled": true}"#, "properties.policies.quarantinePolicy.status",
            #""enabled""#),
        Case(
            "azurerm_container_registry", #"{"network_rule_set": [{"ip_rule": [{"action": "Allow", "ip_range": "1.2.3.0/24"}]}]}"#,
            "properties.networkRuleSet", #"{"defaultAction": "Allow", "ipRules": [{"action": "Allow", "value": "1.2.3.0/24"}]}"#),
        // Networking
        Case(
            "azurerm_network_security_group",
            #"{"security_rule": [{"name": "ssh", "access": "Allow", "direction": "Inbound", "destination_port_range": "22"}]}"#,
            "properties.securityRules",
            #"[{"name": "ssh", "properties": {"direction": "Inbound", "access": "Allow", "destinationPortRange": "22"}}]"#),
        Case("azurerm_network_security_rule", #"{"source_address_prefix": "*"}"#, "properties.sourceAddressPrefix", #""*""#),
        Case(
            "azurerm_virtual_network", #"{"address_space": ["10.0.0.0/16"]}"#, "properties.addressSpace.addressPrefixes",
            #"["10.0.0.0/16"]"#),
        Case(
            "azurerm_subnet", #"{"service_endpoints": ["Microsoft.Storage"]}"#, "properties.serviceEndpoints",
            #"[{"service": "Microsoft.Storage"}]"#),
        Case(
            "azurerm_subnet", #"{"delegation": [{"name": "d", "service_delegation": [{"name": "Microsoft.Web/serverFarms"}]}]}"#,
            "properties.delegations", #"[{"name": "d", "properties": {"serviceName": "Microsoft.Web/serverFarms"}}]"#),
        Case("azurerm_private_endpoint", #"{"subnet_id": "/s"}"#, "properties.subnet.id", #""/s""#),
        Case(
            "azurerm_private_endpoint",
            #"{"private_service_connection": [{"name": "c", "private_connection_resource_id": "/acct", "subresource_names": ["account"], "is_manual_connection": true}]}"#,
            "properties.manualPrivateLinkServiceConnections",
            #"[{"name": "c", "properties": {"privateLinkServiceId": "/acct", "groupIds": ["account"]}}]"#),
        // Monitoring and access
        Case(
            "azurerm_monitor_diagnostic_setting",
            #"{"log_analytics_workspace_id": "/law", "enabled_log": [{"category_group": "allLogs"}], "log": [{"category": "Audit", "enabled": false}]}"#,
            "properties",
            #"{"workspaceId": "/law", "logs": [{"enabled": true, "categoryGroup": "allLogs"}, {"category": "Audit", "enabled": false}]}"#),
        Case(
            "azurerm_monitor_diagnostic_setting", #"{"metric": [{"category": "AllMetrics"}]}"#, "properties.metrics",
            #"[{"category": "AllMetrics", "enabled": true}]"#),
        Case(
            "azurerm_role_assignment", #"{"role_definition_name": "Owner", "principal_id": "p", "principal_type": "User"}"#, "properties",
            #"{"roleDefinitionId": "\#(owner)", "principalId": "p", "principalType": "User"}"#),
        Case(
            "azurerm_role_assignment", #"{"role_definition_name": "Made Up Role"}"#, "properties.roleDefinitionId",
            #"<unknown: role_definition_name = "Made Up Role">"#),
        Case("azurerm_log_analytics_workspace", #"{"retention_in_days": 90}"#, "properties.retentionInDays", "90"),
        Case("azurerm_application_insights", #"{"local_authentication_disabled": true}"#, "properties.DisableLocalAuth", "true"),
        Case("azurerm_application_insights", #"{"workspace_id": "/law"}"#, "properties.WorkspaceResourceId", #""/law""#),
        Case(
            "azurerm_private_dns_zone_virtual_network_link", #"{"virtual_network_id": "/vnet"}"#, "properties.virtualNetwork.id",
            #""/vnet""#),
    ]

    @Test("the attribute is written at its ARM path with its transform", arguments: cases)
    func attribute(_ testCase: Case) throws {
        let resource = try MappingFixtures.resource(MappingFixtures.instance(testCase.type, testCase.attributes))
        #expect(resource.text(at: testCase.path) == testCase.expected)
    }

    @Test("every attribute the mapping files name is written at its ARM path, located at the attribute")
    func everyMappedAttributeIsWritten() throws {
        let mapping = try MappingFixtures.mapping
        var checked = 0
        for (type, typeMapping) in mapping.catalog.types where typeMapping.patch == nil && !typeMapping.idOnly {
            for attribute in typeMapping.body.attributes where attribute.block == nil && attribute.each == nil {
                let probe =
                    switch attribute.transform {
                    case .enabledDisabled, .enabledDisabledLower, .negate: "true"
                    case .listToObjects, .joinComma: #"["probe"]"#
                    case .identity: #"[{"type": "SystemAssigned"}]"#
                    case .present: "[{}]"
                    case .privateServiceConnection: #"[{"name": "c", "private_connection_resource_id": "/probe"}]"#
                    default: #""probe""#
                    }
                let instance = try MappingFixtures.instance(type, #"{"\#(attribute.names[0])": \#(probe)}"#)
                let resource = try #require(mapping.resources(from: [instance]).resources.first)
                var written: Value? = resource.body
                for key in attribute.path { written = written?[member: key] }
                let value = try #require(
                    written, "\(type).\(attribute.names[0]) is not written at \(attribute.path.joined(separator: "."))")
                #expect(value.location == instance.attributes[member: attribute.names[0]]?.location, "\(type).\(attribute.names[0])")
                checked += 1
            }
        }
        #expect(checked > 150)
    }
}
