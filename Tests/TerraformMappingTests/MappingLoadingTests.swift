import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// The mapping files load, and a broken one is a located error that says what to write.
@Suite("Mapping files")
struct MappingLoadingTests {
    @Test("the bundled mappings load and cover the AI, platform and Entra types")
    func bundled() throws {
        let mapping = try MappingFixtures.mapping
        let expected = [
            "azurerm_cognitive_account", "azurerm_ai_services", "azurerm_cognitive_deployment", "azurerm_cognitive_account_project",
            "azurerm_ai_foundry", "azurerm_ai_foundry_project", "azurerm_machine_learning_workspace",
            "azurerm_machine_learning_compute_instance", "azurerm_machine_learning_compute_cluster", "azurerm_search_service",
            "azurerm_key_vault", "azurerm_key_vault_access_policy", "azurerm_storage_account", "azurerm_container_registry",
            "azurerm_network_security_group", "azurerm_network_security_rule", "azurerm_private_endpoint", "azurerm_virtual_network",
            "azurerm_subnet", "azurerm_monitor_diagnostic_setting", "azurerm_role_assignment", "azurerm_user_assigned_identity",
            "azurerm_log_analytics_workspace", "azurerm_application_insights", "azurerm_private_dns_zone", "azapi_resource",
            "azapi_update_resource", "azuread_conditional_access_policy",
        ]
        for type in expected { #expect(mapping.mappedTypes.contains(type), "\(type)") }
        #expect(mapping.catalog.roles["owner"] == "8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
    }

    static func load(_ yaml: String) -> MappingError? {
        do {
            _ = try AzureResourceMapping(mappings: [("broken.yaml", yaml)])
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "a broken mapping file is an error at its line, saying what to write",
        arguments: [
            ("resources:\n  azurerm_x: [unclosed\n", 3, "invalid YAML"),
            (
                "resources:\n  azurerm_x:\n    type: Microsoft.X/y\n    attributes:\n      - { from: a, to: b, transform: upper }\n", 5,
                "unknown transform 'upper'"
            ),
            ("resources:\n  azurerm_x:\n    type: Microsoft.X/y\n    attributes:\n      - { from: a }\n", 5, "expected 'to'"),
            ("resources:\n  azurerm_x:\n    type: x\n", 3, "expected 'type', the ARM resource type"),
            ("resources:\n  azurerm_x:\n    type: Microsoft.X/y\n    parnet: id\n", 4, "unknown key 'parnet'"),
            (
                "resources:\n  azurerm_x:\n    type: Microsoft.X/y\n    attributes:\n      - { from: a, to: b, default: { four: 1 } }\n", 5,
                "azurerm major version"
            ),
            ("resources:\n  azurerm_x:\n    type: Microsoft.X/y\n    idOnly: maybe\n", 4, "expected true or false"),
            ("resources:\n  azurerm_x:\n    type: Microsoft.X/y\n    patch: { target: id, key: name }\n", 4, "expected 'into' too"),
            ("roles: [Owner]\nresources: {}\n", 1, "expected 'roles' to map role names"),
            ("common: []\n", 1, "expected 'resources'"),
        ] as [(String, Int, String)])
    func brokenFile(yaml: String, line: Int, message: String) throws {
        let error = try #require(Self.load(yaml))
        #expect(error.location.file == "broken.yaml")
        #expect(error.location.line == line, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.diagnostic.code == .invalidMapping)
    }

    @Test("a type mapped in two files is an error at the second")
    func duplicateType() throws {
        let file = "resources:\n  azurerm_x:\n    type: Microsoft.X/y\n"
        do {
            _ = try AzureResourceMapping(mappings: [("a.yaml", file), ("b.yaml", file)])
            Issue.record("expected an error")
        } catch {
            #expect(error.location.file == "b.yaml")
            #expect(error.message.contains("mapped twice"))
        }
    }

    @Test("a default per major version picks the newest listed at or before the version, the newest for an unknown one")
    func versionedDefault() {
        let defaults = VersionedDefault(byMajor: [3: .bool(true), 5: .bool(false), 6: nil])
        #expect(defaults.value(forMajor: 2)?.boolValue == true)
        #expect(defaults.value(forMajor: 4)?.boolValue == true)
        #expect(defaults.value(forMajor: 5)?.boolValue == false)
        #expect(defaults.value(forMajor: 6) == nil)
        #expect(defaults.value(forMajor: nil) == nil)
        #expect(VersionedDefault(byMajor: [0: .string("x")]).value(forMajor: 4)?.stringValue == "x")
    }
}
