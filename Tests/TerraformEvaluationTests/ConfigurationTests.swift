import PostureModel
import TerraformEvaluation
import TerraformModel
import Testing

@Suite("Terraform configuration")
struct ConfigurationTests {
    @Test("required_providers gives the lowest major version the constraint admits; nil without one")
    func providerVersions() throws {
        let main = """
            terraform {
              required_providers {
                azurerm = { source = "hashicorp/azurerm", version = ">= 4.0, < 5" }
                azapi   = { source = "azure/azapi", version = "~> 1.100" }
              }
            }
            resource "azurerm_thing" "a" { provider = azurerm.west }
            resource "azapi_resource" "b" {}
            resource "random_string" "c" {}
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.instance("azurerm_thing.a")?.providerMajorVersion == 4)
        #expect(configuration.instance("azapi_resource.b")?.providerMajorVersion == 1)
        #expect(configuration.instance("random_string.c")?.providerMajorVersion == nil)
        #expect(configuration.instance("azurerm_thing.a")?.provider == "azurerm")
        #expect(configuration.instance("azurerm_thing.a")?.attributes[member: "provider"] == nil)
    }

    @Test("locals are evaluated in dependency order whatever the file order")
    func localsOrder() throws {
        let (configuration, _) = try evaluate([
            "b.tf": #"resource "test_thing" "t" { value = local.c }"#,
            "a.tf": "locals {\n  c = \"${local.b}-c\"\n  b = \"${local.a}-b\"\n  a = \"a\"\n}\n",
        ])
        #expect(configuration.instances.first?.attributes[member: "value"] == .string("a-b-c"))
        #expect(configuration.diagnostics.isEmpty)
    }

    @Test("a cycle of locals is one error naming the locals and their positions")
    func localsCycle() throws {
        let (configuration, _) = try evaluate(["main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"])
        let cycles = configuration.diagnostics(.terraformReferenceCycle)
        #expect(cycles.count == 1)
        let cycle = try #require(cycles.first)
        #expect(cycle.message.contains("local.a") && cycle.message.contains("local.b"))
        #expect(cycle.message.contains("main.tf:3:3") && cycle.message.contains("main.tf:2:3"))
        #expect(cycle.location.line == 2 || cycle.location.line == 3)
    }

    @Test("variable types are read with optional() defaults and applied to the default")
    func variableTypes() throws {
        let main = """
            variable "rules" {
              type = list(object({
                name    = string
                enabled = optional(bool, true)
                port    = optional(number)
              }))
              default = [{ name = "a" }]
            }
            resource "test_thing" "t" { value = var.rules }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        let rules = configuration.instances.first?.attributes[member: "value"]
        #expect(rules == TerraformValue(.list([.object(["name": .string("a"), "enabled": .bool(true), "port": .null])])))
    }

    @Test("data source attributes not written are unknown, read at apply")
    func dataSources() throws {
        let main = """
            data "azurerm_client_config" "current" {}
            resource "test_thing" "t" { value = data.azurerm_client_config.current.tenant_id }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.instances.count == 2)
        #expect(configuration.instance("data.azurerm_client_config.current")?.mode == .data)
        let value = configuration.instance("test_thing.t")?.attributes[member: "value"]
        #expect(
            value?.unknown == Unknown(expression: "data.azurerm_client_config.current.tenant_id", reason: "a data source, read at apply"))
    }

    @Test("moved, check, import and provider blocks are accepted and ignored")
    func ignoredBlocks() throws {
        let main = """
            moved {
              from = test_thing.old
              to   = test_thing.t
            }
            check "health" {
              assert {
                condition     = true
                error_message = "x"
              }
            }
            provider "azurerm" {
              features {}
            }
            import {
              to = test_thing.t
              id = "/x"
            }
            removed {
              from = test_thing.gone
            }
            resource "test_thing" "t" {}
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.diagnostics.isEmpty)
        #expect(configuration.instances.map(\.address) == ["test_thing.t"])
    }

    @Test("override files are left out with a warning, not read as duplicate blocks")
    func overrideFiles() throws {
        let (configuration, _) = try evaluate([
            "main.tf": #"resource "test_thing" "t" { value = 1 }"#,
            "main_override.tf": #"resource "test_thing" "t" { value = 2 }"#,
        ])
        #expect(configuration.instances.first?.attributes[member: "value"] == .number(1))
        let warning = try #require(configuration.diagnostics(.terraformOverrideIgnored).first)
        #expect(warning.severity == .warning && warning.location.file.hasSuffix("main_override.tf"))
    }

    @Test("syntax errors are diagnostics at their position and the rest of the folder is evaluated")
    func syntaxErrors() throws {
        let (configuration, _) = try evaluate([
            "bad.tf": "resource \"test_thing\" \"x\" {\n  a = = 1\n}\n",
            "good.tf": #"resource "test_thing" "t" { value = 1 }"#,
        ])
        let error = try #require(configuration.diagnostics(.hclSyntax).first)
        #expect(error.location.file.hasSuffix("bad.tf") && error.location.line == 2 && error.location.column == 7)
        #expect(configuration.instance("test_thing.t")?.attributes[member: "value"] == .number(1))
        #expect(configuration.filesRead.count == 2)
    }

    @Test(".tf.json files are read: strings are templates, objects in resources are nested blocks, tags stay a map")
    func jsonSyntax() throws {
        let json = """
            {
              "//": "a comment",
              "variable": { "env": { "type": "string", "default": "dev" } },
              "resource": {
                "test_thing": {
                  "t": {
                    "//": "another comment",
                    "name": "app-${var.env}",
                    "tags": { "env": "${var.env}" },
                    "network_rules": { "default_action": "Deny" }
                  }
                }
              }
            }
            """
        let (configuration, _) = try evaluate(["main.tf.json": json])
        #expect(configuration.diagnostics.isEmpty)
        let attributes = try #require(configuration.instance("test_thing.t")?.attributes)
        #expect(attributes[member: "name"] == .string("app-dev"))
        #expect(attributes[member: "tags"] == .object(["env": .string("dev")]))
        #expect(attributes[member: "network_rules"] == TerraformValue(.list([.object(["default_action": .string("Deny")])])))
        #expect(attributes[member: "name"]?.location?.line == 8)
        #expect(attributes[member: "//"] == nil)
    }

    @Test("an interpolation error inside a .tf.json string points into the JSON file")
    func jsonPositions() throws {
        let json = "{\n  \"resource\": { \"test_thing\": { \"t\": { \"v\": \"x${nosuch()}\" } } }\n}"
        let (configuration, _) = try evaluate(["main.tf.json": json])
        let error = try #require(configuration.diagnostics(.terraformUnknownFunction).first)
        #expect(error.location.line == 2)
        #expect(error.location.column == 49)
    }
}
