import PostureModel
import RuleEngine
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// The built-in rules, unchanged, judge mapped Terraform as they judge ARM: the decisive cases.
@Suite("Rules over mapped Terraform")
struct RuleVerdictTests {
    static let catalog = RuleCatalog.builtIn()
    static let group = "/subscriptions/{subscription}/resourceGroups/rg"
    static let account = "\(group)/providers/Microsoft.CognitiveServices/accounts/ai"

    /// The finding of `ruleID` on the first resource the instances map to.
    static func finding(_ ruleID: String, _ instances: [TerraformResourceInstance]) throws -> Finding? {
        let rule = try #require(catalog.rule(withID: ruleID))
        let resources = try MappingFixtures.mapping.resources(from: instances).resources
        let subject = try #require(resources.first)
        return RuleEvaluator().evaluate(rule, on: subject, in: ResourceIndex(resources))
    }

    static func status(
        _ ruleID: String, _ type: String, _ json: String, major: Int? = nil, source: TerraformResourceInstance.Source = .configuration
    )
        throws -> FindingStatus?
    {
        try finding(ruleID, [MappingFixtures.instance(type, json, major: major, source: source)])?.status
    }

    @Test("a cognitive account with local_auth_enabled omitted fails BW-AI-001 at its block; false passes")
    func localAuthOmitted() throws {
        let finding = try #require(
            try Self.finding("BW-AI-001", [MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai", "kind": "OpenAI"}"#)]))
        #expect(finding.status == .fail)
        #expect(finding.location == MappingFixtures.block)
        #expect(try Self.status("BW-AI-001", "azurerm_cognitive_account", #"{"name": "ai", "local_auth_enabled": false}"#) == .pass)
        #expect(try Self.status("BW-AI-001", "azurerm_ai_services", #"{"name": "ai"}"#) == .fail)
    }

    @Test("a storage account with allow_nested_items_to_be_public omitted fails BW-ST-003 on azurerm 4.x and passes on 5.x")
    func blobPublicAccess() throws {
        #expect(try Self.status("BW-ST-003", "azurerm_storage_account", #"{"name": "st"}"#, major: 4) == .fail)
        #expect(try Self.status("BW-ST-003", "azurerm_storage_account", #"{"name": "st"}"#, major: 3) == .fail)
        #expect(try Self.status("BW-ST-003", "azurerm_storage_account", #"{"name": "st"}"#, major: 5) == .pass)
        #expect(try Self.status("BW-ST-003", "azurerm_storage_account", #"{"name": "st"}"#) == .pass, "no constraint: the newest defaults")
        // An azurerm 4.x account's TLS default is TLS1_2, not ARM's TLS 1.0.
        #expect(try Self.status("BW-ST-001", "azurerm_storage_account", #"{"name": "st"}"#, major: 4) == .pass)
    }

    @Test("a deployment without rai_policy_name fails BW-AOAI-001 and BW-AOAI-007, in a configuration and in a plan")
    func deploymentWithoutPolicy() throws {
        let json = #"{"name": "d", "cognitive_account_id": "\#(Self.account)", "rai_policy_name": "${unknown:rai_policy_name}"}"#
        #expect(try Self.status("BW-AOAI-001", "azurerm_cognitive_deployment", json, source: .plan) == .fail)
        #expect(try Self.status("BW-AOAI-007", "azurerm_cognitive_deployment", json, source: .plan) == .fail)
        let omitted = #"{"name": "d", "cognitive_account_id": "\#(Self.account)"}"#
        #expect(try Self.status("BW-AOAI-007", "azurerm_cognitive_deployment", omitted) == .fail)
        let builtIn = #"{"name": "d", "cognitive_account_id": "\#(Self.account)", "rai_policy_name": "Microsoft.DefaultV2"}"#
        #expect(try Self.status("BW-AOAI-001", "azurerm_cognitive_deployment", builtIn) == .pass)
        #expect(try Self.status("BW-AOAI-007", "azurerm_cognitive_deployment", builtIn) == .fail)
        let custom = #"{"name": "d", "cognitive_account_id": "\#(Self.account)", "rai_policy_name": "strict"}"#
        #expect(try Self.status("BW-AOAI-007", "azurerm_cognitive_deployment", custom) == .pass)
    }

    @Test("an ML compute instance with an ssh block fails BW-MLC-004; one without passes; a cluster by default passes")
    func computeSSH() throws {
        let open = #"{"name": "ci", "machine_learning_workspace_id": "/w", "ssh": [{"public_key": "ssh-rsa AAAA"}]}"#
        #expect(try Self.status("BW-MLC-004", "azurerm_machine_learning_compute_instance", open) == .fail)
        let closed = #"{"name": "ci", "machine_learning_workspace_id": "/w"}"#
        #expect(try Self.status("BW-MLC-004", "azurerm_machine_learning_compute_instance", closed) == .pass)
        #expect(try Self.status("BW-MLC-004", "azurerm_machine_learning_compute_cluster", closed) == .pass)
        #expect(
            try Self.status("BW-MLC-004", "azurerm_machine_learning_compute_cluster", closed, source: .plan) == .fail,
            "a plan without the attribute")
    }

    @Test("a conditional access policy in report-only state fails BW-CA-002; an enabled one passes")
    func reportOnlyPolicy() throws {
        let reportOnly = #"{"display_name": "p", "state": "enabledForReportingButNotEnforced"}"#
        #expect(try Self.status("BW-CA-002", "azuread_conditional_access_policy", reportOnly) == .fail)
        #expect(try Self.status("BW-CA-002", "azuread_conditional_access_policy", #"{"display_name": "p", "state": "enabled"}"#) == .pass)
        let mfa =
            #"{"display_name": "p", "state": "disabled", "conditions": [{"users": [{"included_users": ["All"]}]}], "grant_controls": [{"operator": "OR", "built_in_controls": ["mfa"]}]}"#
        #expect(try Self.status("BW-CA-001", "azuread_conditional_access_policy", mfa) == .fail)
    }

    @Test("a private endpoint connects to the account its private_service_connection names (BW-AI-009)")
    func privateEndpoint() throws {
        let account = try MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai", "resource_group_name": "rg"}"#)
        #expect(try Self.finding("BW-AI-009", [account])?.status == .fail)
        let endpoint = try MappingFixtures.instance(
            "azurerm_private_endpoint",
            #"{"name": "pe", "resource_group_name": "rg", "private_service_connection": [{"name": "c", "private_connection_resource_id": "\#(Self.account)", "subresource_names": ["account"], "is_manual_connection": false}]}"#
        )
        #expect(try Self.finding("BW-AI-009", [account, endpoint])?.status == .pass)
    }

    @Test("a diagnostic setting reaches the search service its target_resource_id names (BW-MON-001)")
    func diagnosticSetting() throws {
        let search = try MappingFixtures.instance("azurerm_search_service", #"{"name": "s", "resource_group_name": "rg"}"#)
        let searchID = "\(Self.group)/providers/Microsoft.Search/searchServices/s"
        let setting = try MappingFixtures.instance(
            "azurerm_monitor_diagnostic_setting",
            #"{"name": "d", "target_resource_id": "\#(searchID)", "log_analytics_workspace_id": "/law", "enabled_log": [{"category": "OperationLogs"}]}"#
        )
        #expect(try Self.finding("BW-MON-001", [search])?.status == .fail)
        #expect(try Self.finding("BW-MON-001", [search, setting])?.status == .pass)
    }

    @Test("a role assignment by role name is judged by the role's id (BW-RBAC-001)")
    func roleAssignment() throws {
        let owner = #"{"scope": "\#(Self.account)", "role_definition_name": "Owner", "principal_id": "p"}"#
        #expect(try Self.status("BW-RBAC-001", "azurerm_role_assignment", owner) == .fail)
        let user = #"{"scope": "\#(Self.account)", "role_definition_name": "Cognitive Services OpenAI User", "principal_id": "p"}"#
        #expect(try Self.status("BW-RBAC-001", "azurerm_role_assignment", user) == .pass)
    }

    @Test("an azurerm 4.x key vault without an RBAC attribute uses access policies and fails BW-KV-004; soft delete is always on")
    func keyVaultRBAC() throws {
        #expect(try Self.status("BW-KV-004", "azurerm_key_vault", #"{"name": "kv"}"#, major: 4) == .fail)
        #expect(
            try Self.status("BW-KV-004", "azurerm_key_vault", #"{"name": "kv", "rbac_authorization_enabled": true}"#, major: 5) == .pass)
        #expect(try Self.status("BW-KV-001", "azurerm_key_vault", #"{"name": "kv"}"#, major: 4) == .pass)
    }

    @Test("a separate private endpoint outbound rule becomes an entry of the workspace's outboundRules (BW-ML-004)")
    func outboundRules() throws {
        let workspaceID = "\(Self.group)/providers/Microsoft.MachineLearningServices/workspaces/w"
        let workspace = try MappingFixtures.instance(
            "azurerm_machine_learning_workspace",
            #"{"name": "w", "resource_group_name": "rg", "managed_network": [{"isolation_mode": "AllowOnlyApprovedOutbound"}]}"#)
        let rule = try MappingFixtures.instance(
            "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
            #"{"name": "blob", "workspace_id": "\#(workspaceID)", "service_resource_id": "/st", "sub_resource_target": "blob"}"#)
        #expect(try Self.finding("BW-ML-004", [workspace])?.status == .fail)
        let result = try MappingFixtures.mapping.resources(from: [workspace, rule])
        #expect(result.diagnostics.isEmpty)
        #expect(
            result.resources.first?.text(at: "properties.managedNetwork.outboundRules")
                == #"{"blob": {"type": "PrivateEndpoint", "destination": {"serviceResourceId": "/st", "subresourceTarget": "blob", "sparkEnabled": false}}}"#
        )
        #expect(try Self.finding("BW-ML-004", [workspace, rule])?.status == .pass)
    }

    @Test("an unknown attribute gives an unknown verdict, not a pass or a fail")
    func unknownVerdict() throws {
        let json = #"{"name": "ai", "local_auth_enabled": "${unknown:var.local_auth}"}"#
        #expect(try Self.status("BW-AI-001", "azurerm_cognitive_account", json) == .unknown)
    }
}
