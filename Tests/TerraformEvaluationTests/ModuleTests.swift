import PostureModel
import TerraformEvaluation
import TerraformModel
import Testing

@Suite("Terraform modules")
struct ModuleTests {
    static let child = """
        variable "name" { type = string }
        variable "size" { default = 1 }
        resource "test_thing" "inner" { name = "${var.name}-${var.size}" }
        module "grand" {
          source = "./grand"
          label  = var.name
        }
        output "inner_name" { value = test_thing.inner.name }
        output "grand" { value = module.grand.label }
        """

    @Test("local modules get their inputs, nest, and give outputs; instances carry the module address")
    func localModules() throws {
        let (configuration, _) = try evaluate([
            "main.tf": """
            module "a" {
              source = "./modules/child"
              name   = "x"
            }
            resource "test_thing" "uses" { value = [module.a.inner_name, module.a.grand] }
            """,
            "modules/child/main.tf": Self.child,
            "modules/child/grand/main.tf":
                "variable \"label\" {}\noutput \"label\" { value = upper(var.label) }\nresource \"test_thing\" \"g\" {}",
        ])
        #expect(configuration.diagnostics.isEmpty)
        #expect(
            configuration.instances.map(\.address) == [
                "module.a.test_thing.inner", "module.a.module.grand.test_thing.g", "test_thing.uses",
            ])
        #expect(configuration.instance("module.a.test_thing.inner")?.moduleAddress == "module.a")
        #expect(configuration.instance("test_thing.uses")?.attributes[member: "value"] == .tuple([.string("x-1"), .string("X")]))
    }

    @Test("count and for_each on a module make module instances addressed module.a[\"k\"]")
    func moduleExpansion() throws {
        let (configuration, _) = try evaluate([
            "main.tf": """
            module "a" {
              for_each = toset(["p", "q"])
              source   = "./child"
              name     = each.key
            }
            resource "test_thing" "uses" { value = module.a["q"].inner_name }
            """,
            "child/main.tf":
                "variable \"name\" {}\nresource \"test_thing\" \"inner\" { name = var.name }\noutput \"inner_name\" { value = var.name }",
        ])
        #expect(
            configuration.instances.map(\.address)
                == [#"module.a["p"].test_thing.inner"#, #"module.a["q"].test_thing.inner"#, "test_thing.uses"])
        #expect(configuration.instance("test_thing.uses")?.attributes[member: "value"] == .string("q"))
    }

    @Test("a registry module is read from .terraform/modules/modules.json when installed")
    func installedModules() throws {
        let manifest =
            #"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"reg","Source":"registry.terraform.io/x/y/azurerm","Dir":".terraform/modules/reg"}]}"#
        let (configuration, _) = try evaluate([
            "main.tf": "module \"reg\" {\n  source  = \"x/y/azurerm\"\n  version = \"1.0.0\"\n}",
            ".terraform/modules/modules.json": manifest,
            ".terraform/modules/reg/main.tf": "resource \"test_thing\" \"from_registry\" {}",
        ])
        #expect(configuration.instances.map(\.address) == ["module.reg.test_thing.from_registry"])
    }

    @Test("a registry module not installed is a warning saying to run terraform init, and its outputs are unknown")
    func notInstalled() throws {
        let (configuration, _) = try evaluate([
            "main.tf":
                "module \"reg\" {\n  source = \"Azure/avm-res-x/azurerm\"\n}\nresource \"test_thing\" \"t\" { value = module.reg.id }"
        ])
        let warning = try #require(configuration.diagnostics(.moduleNotInstalled).first)
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("Azure/avm-res-x/azurerm") && warning.message.contains("terraform init"))
        #expect(warning.location.line == 2 && warning.location.column == 12)
        let output = configuration.instance("test_thing.t")?.attributes[member: "value"]?.unknown
        #expect(output == Unknown(expression: "module.reg.id", reason: "module not installed (run terraform init)"))
    }

    @Test("a local source folder that does not exist is an error at the source attribute")
    func missingSource() throws {
        let (configuration, _) = try evaluate(["main.tf": "module \"m\" {\n  source = \"./nowhere\"\n}"])
        let error = try #require(configuration.diagnostics(.terraformModuleSourceNotFound).first)
        #expect(error.severity == .error && error.location.line == 2 && error.location.column == 12)
    }

    @Test("a module calling itself is an error, not a loop")
    func selfCall() throws {
        let (configuration, _) = try evaluate([
            "main.tf": "module \"m\" {\n  source = \"./loop\"\n}",
            "loop/main.tf": "module \"again\" {\n  source = \"../loop\"\n}\nresource \"test_thing\" \"t\" {}",
        ])
        #expect(configuration.diagnostics(.terraformModuleNesting).count == 1)
        #expect(configuration.instances.map(\.address) == ["module.m.test_thing.t"])
    }

    @Test("a module call missing a required variable, or giving an undeclared one, is an error")
    func moduleArguments() throws {
        let (configuration, _) = try evaluate([
            "main.tf": "module \"m\" {\n  source = \"./c\"\n  extra  = 1\n}",
            "c/main.tf": "variable \"needed\" {}\nresource \"test_thing\" \"t\" { v = var.needed }",
        ])
        #expect(configuration.diagnostics(.terraformUnsupportedAttribute).first?.location.line == 3)
        #expect(configuration.diagnostics(.terraformVariableUnset).first?.severity == .error)
    }

    @Test("a sensitive output stays sensitive where the caller uses it")
    func sensitiveOutputs() throws {
        let (configuration, _) = try evaluate([
            "main.tf": "module \"m\" {\n  source = \"./c\"\n}\nresource \"test_thing\" \"t\" { value = module.m.secret }",
            "c/main.tf": "output \"secret\" {\n  value     = \"s3cr3t\"\n  sensitive = true\n}",
        ])
        #expect(configuration.instance("test_thing.t")?.attributes[member: "value"]?.isSensitive == true)
    }

    @Test("a module's resources take the provider version the root requires, else the module's own")
    func providerVersionsInModules() throws {
        let (configuration, _) = try evaluate([
            "main.tf": """
            terraform {
              required_providers {
                azurerm = { version = "~> 4.1" }
              }
            }
            module "m" {
              source = "./c"
            }
            """,
            "c/main.tf": """
            terraform {
              required_providers {
                azurerm = { version = ">= 3.0" }
                azapi   = { version = ">= 2.0" }
              }
            }
            resource "azurerm_thing" "a" {}
            resource "azapi_resource" "b" {}
            """,
        ])
        #expect(configuration.instance("module.m.azurerm_thing.a")?.providerMajorVersion == 4)
        #expect(configuration.instance("module.m.azapi_resource.b")?.providerMajorVersion == 2)
    }
}
