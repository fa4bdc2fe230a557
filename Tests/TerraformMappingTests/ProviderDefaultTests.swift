import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// Omitted attributes take the provider's default for the configuration's azurerm major version (the newest when
/// it does not say); a plan already carries the provider's values and gets none.
@Suite("Provider defaults by azurerm major version")
struct ProviderDefaultTests {
    static func storage(major: Int?, source: TerraformResourceInstance.Source = .configuration) throws -> Resource {
        try MappingFixtures.resource(MappingFixtures.instance("azurerm_storage_account", #"{"name": "st"}"#, major: major, source: source))
    }

    @Test(
        "allow_nested_items_to_be_public defaults to true in azurerm 3.x and 4.x and false in 5.x",
        arguments: [(3, "true"), (4, "true"), (5, "false"), (nil, "false"), (2, "true"), (6, "false")] as [(Int?, String)])
    func blobPublicAccess(major: Int?, expected: String) throws {
        let account = try Self.storage(major: major)
        #expect(account.text(at: "properties.allowBlobPublicAccess") == expected)
        #expect(
            account.value(at: "properties.allowBlobPublicAccess")?.location == MappingFixtures.block, "a default is located at the block")
    }

    @Test(
        "cross_tenant_replication_enabled defaults to true in azurerm 3.x only",
        arguments: [(3, "true"), (4, "false"), (5, "false"), (nil, "false")] as [(Int?, String)])
    func crossTenantReplication(major: Int?, expected: String) throws {
        #expect(try Self.storage(major: major).text(at: "properties.allowCrossTenantReplication") == expected)
    }

    @Test("storage defaults that hold in every version: TLS1_2, HTTPS only, shared keys on, public network access on")
    func storageDefaults() throws {
        for major in [3, 4, 5] {
            let account = try Self.storage(major: major)
            #expect(account.text(at: "properties.minimumTlsVersion") == #""TLS1_2""#)
            #expect(account.text(at: "properties.supportsHttpsTrafficOnly") == "true")
            #expect(account.text(at: "properties.allowSharedKeyAccess") == "true")
            #expect(account.text(at: "properties.publicNetworkAccess") == #""Enabled""#)
            #expect(account.text(at: "kind") == #""StorageV2""#)
        }
    }

    @Test(
        "key vault RBAC defaults to false in azurerm 3.x and 4.x and has no default in 5.x, where it is required",
        arguments: [(3, "false"), (4, "false"), (5, "absent"), (nil, "absent")] as [(Int?, String)])
    func keyVaultRBAC(major: Int?, expected: String) throws {
        let vault = try MappingFixtures.resource(MappingFixtures.instance("azurerm_key_vault", #"{"name": "kv"}"#, major: major))
        #expect(vault.text(at: "properties.enableRbacAuthorization") == expected)
        #expect(vault.text(at: "properties.publicNetworkAccess") == #""Enabled""#)
        #expect(vault.text(at: "properties.softDeleteRetentionInDays") == "90")
    }

    @Test("the AI defaults: cognitive accounts public with keys, deployments upgrade on a new default, ML compute with keys and public IPs")
    func aiDefaults() throws {
        let account = try MappingFixtures.resource(MappingFixtures.instance("azurerm_cognitive_account", #"{"name": "ai"}"#))
        #expect(account.text(at: "properties.publicNetworkAccess") == #""Enabled""#)
        #expect(account.text(at: "properties.disableLocalAuth") == "false")
        #expect(account.text(at: "properties.restrictOutboundNetworkAccess") == "false")
        #expect(account.text(at: "properties.networkAcls") == "absent", "no network_acls block: no network rules sent")
        let deployment = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azurerm_cognitive_deployment", #"{"name": "d", "cognitive_account_id": "/a", "sku": [{"name": "Standard"}]}"#))
        #expect(deployment.text(at: "properties.versionUpgradeOption") == #""OnceNewDefaultVersionAvailable""#)
        #expect(deployment.text(at: "sku.capacity") == "1")
        #expect(deployment.text(at: "properties.raiPolicyName") == "absent")
        let cluster = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_machine_learning_compute_cluster", #"{"name": "c", "machine_learning_workspace_id": "/w"}"#))
        #expect(cluster.text(at: "properties.disableLocalAuth") == "false")
        #expect(cluster.text(at: "properties.properties.enableNodePublicIp") == "true")
        #expect(cluster.text(at: "properties.properties.remoteLoginPortPublicAccess") == #""Disabled""#)
        let workspace = try MappingFixtures.resource(MappingFixtures.instance("azurerm_machine_learning_workspace", #"{"name": "w"}"#))
        #expect(workspace.text(at: "properties.publicNetworkAccess") == #""Enabled""#)
        #expect(workspace.text(at: "properties.systemDatastoresAuthMode") == #""accessKey""#)
        let search = try MappingFixtures.resource(MappingFixtures.instance("azurerm_search_service", #"{"name": "s"}"#))
        #expect(search.text(at: "properties.publicNetworkAccess") == #""enabled""#)
        #expect(search.text(at: "properties.encryptionWithCmk.enforcement") == #""Disabled""#)
        #expect(search.text(at: "properties.networkRuleSet.bypass") == #""None""#)
    }

    @Test("a plan gets no defaults: what it leaves out, the provider left out")
    func planGetsNoDefaults() throws {
        let account = try Self.storage(major: 4, source: .plan)
        #expect(account.text(at: "properties.allowBlobPublicAccess") == "absent")
        #expect(account.text(at: "properties.minimumTlsVersion") == "absent")
    }

    @Test("what the provider writes for an absent block applies to plans too: no network_rules block sends Allow")
    func absentBlocks() throws {
        for source in [TerraformResourceInstance.Source.configuration, .plan] {
            let account = try Self.storage(major: 4, source: source)
            #expect(account.text(at: "properties.networkAcls") == #"{"defaultAction": "Allow", "bypass": "AzureServices"}"#)
            let instance = try MappingFixtures.resource(
                MappingFixtures.instance(
                    "azurerm_machine_learning_compute_instance", #"{"name": "ci", "machine_learning_workspace_id": "/w", "ssh": []}"#,
                    source: source))
            #expect(instance.text(at: "properties.properties.sshSettings.sshPublicAccess") == #""Disabled""#)
        }
    }

    @Test("an explicit value wins over the default, and an explicit null is omitted (the default applies)")
    func explicitValues() throws {
        let set = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_storage_account", #"{"name": "st", "allow_nested_items_to_be_public": false}"#, major: 4))
        #expect(set.text(at: "properties.allowBlobPublicAccess") == "false")
        #expect(set.value(at: "properties.allowBlobPublicAccess")?.location == SourceLocation(file: "main.tf", line: 1, column: 51))
        let null = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_storage_account", #"{"name": "st", "allow_nested_items_to_be_public": null}"#, major: 4))
        #expect(null.text(at: "properties.allowBlobPublicAccess") == "true")
    }

    @Test("the azurerm 2.x and 3.x attribute names are read too")
    func renamedAttributes() throws {
        let account = try MappingFixtures.resource(
            MappingFixtures.instance(
                "azurerm_storage_account", #"{"name": "st", "allow_blob_public_access": false, "enable_https_traffic_only": false}"#,
                major: 3))
        #expect(account.text(at: "properties.allowBlobPublicAccess") == "false")
        #expect(account.text(at: "properties.supportsHttpsTrafficOnly") == "false")
    }

    @Test("a plan's unknown rai_policy_name means the service's default policy: absent, not unknown")
    func computedRAIPolicy() throws {
        let json = #"{"name": "d", "cognitive_account_id": "/a", "rai_policy_name": "${unknown:rai_policy_name}"}"#
        let planned = try MappingFixtures.resource(MappingFixtures.instance("azurerm_cognitive_deployment", json, source: .plan))
        #expect(planned.text(at: "properties.raiPolicyName") == "absent")
        let configured = try MappingFixtures.resource(MappingFixtures.instance("azurerm_cognitive_deployment", json))
        #expect(configured.value(at: "properties.raiPolicyName")?.isUnknown == true, "a configuration's unknown is a reference: kept")
    }
}

/// Every default the mapping files declare, checked for each azurerm major version from the data itself.
@Suite("Every declared default")
struct DeclaredDefaultTests {
    @Test("each top-level default is written when omitted, per major version, at the block; never for a plan")
    func everyDefault() throws {
        let mapping = try MappingFixtures.mapping
        var checked = 0
        for (type, typeMapping) in mapping.catalog.types where typeMapping.patch == nil && !typeMapping.idOnly {
            for attribute in typeMapping.body.attributes {
                guard let defaults = attribute.defaults else { continue }
                for major in [3, 4, 5, nil] as [Int?] {
                    let configured = try #require(
                        mapping.resources(from: [MappingFixtures.instance(type, #"{"name": "x"}"#, major: major)]).resources.first)
                    var written: Value? = configured.body
                    for key in attribute.path { written = written?[member: key] }
                    if let value = defaults.value(forMajor: major) {
                        let expected = attribute.transform.apply(to: value, at: MappingFixtures.block, roles: [:])
                        #expect(
                            written?.displayText == expected.displayText,
                            "\(type).\(attribute.names[0]) on azurerm \(major.map(String.init) ?? "newest")")
                        #expect(written?.location == MappingFixtures.block)
                    } else {
                        #expect(
                            written == nil, "\(type).\(attribute.names[0]) has no default on azurerm \(major.map(String.init) ?? "newest")")
                    }
                    checked += 1
                }
                let planned = try #require(
                    mapping.resources(from: [MappingFixtures.instance(type, #"{"name": "x"}"#, major: 4, source: .plan)]).resources.first)
                var written: Value? = planned.body
                for key in attribute.path { written = written?[member: key] }
                #expect(written == nil || attribute.absent != nil, "\(type).\(attribute.names[0]) defaulted in a plan")
            }
        }
        #expect(checked >= 150)
    }

    @Test("a default inside a block applies only when the block is written")
    func blockDefaults() throws {
        let absent = try MappingFixtures.resource(MappingFixtures.instance("azurerm_ai_services", #"{"name": "ai"}"#))
        #expect(absent.text(at: "properties.networkAcls") == "absent")
        let present = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_ai_services", #"{"name": "ai", "network_acls": [{}]}"#))
        #expect(present.text(at: "properties.networkAcls") == #"{"bypass": "AzureServices"}"#)
        let explicit = try MappingFixtures.resource(
            MappingFixtures.instance("azurerm_ai_services", #"{"name": "ai", "network_acls": [{"bypass": "None"}]}"#))
        #expect(explicit.text(at: "properties.networkAcls.bypass") == #""None""#)
    }
}
