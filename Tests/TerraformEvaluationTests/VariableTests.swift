import PostureModel
import TerraformEvaluation
import TerraformModel
import Testing

@Suite("Terraform variables")
struct VariableTests {
    static let declarations = """
        variable "a" { default = "default" }
        variable "b" { default = "default" }
        variable "c" { default = "default" }
        variable "d" { default = "default" }
        variable "e" { default = "default" }
        variable "f" { default = "default" }
        resource "test_thing" "t" {
          value = [var.a, var.b, var.c, var.d, var.e, var.f]
        }
        """

    @Test("precedence: defaults < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars by name < files < assignments")
    func precedence() throws {
        let folder = try TemporaryFolder()
        let extra = try folder.write("extra/given.tfvars", "e = \"file\"\nf = \"file\"\n")
        let (configuration, _) = try evaluate(
            [
                "main.tf": Self.declarations,
                "terraform.tfvars": "b = \"tfvars\"\nc = \"tfvars\"\n",
                "terraform.tfvars.json": #"{ "c": "tfvars.json", "d": "tfvars.json" }"#,
                "b.auto.tfvars": "d = \"b.auto\"\n",
                "a.auto.tfvars.json": #"{ "d": "a.auto" }"#,
            ],
            inputs: TerraformVariableInputs(files: [extra], assignments: [.init(name: "f", text: "assigned")]), in: folder)
        let values = configuration.instances.first?.attributes[member: "value"]?.elements?.compactMap(\.stringValue)
        #expect(values == ["default", "tfvars", "tfvars.json", "b.auto", "file", "assigned"])
        #expect(configuration.filesRead.contains { $0.hasSuffix("b.auto.tfvars") })
    }

    @Test("a value of the wrong type is an error at the value, naming the variable and the type")
    func wrongType() throws {
        let (configuration, _) = try evaluate([
            "main.tf": "variable \"n\" { type = number }\nresource \"test_thing\" \"t\" { value = var.n }",
            "terraform.tfvars": "\nn = \"many\"\n",
        ])
        let error = try #require(configuration.diagnostics(.terraformVariableType).first)
        #expect(error.location.file.hasSuffix("terraform.tfvars") && error.location.line == 2 && error.location.column == 5)
        #expect(error.message.contains("\"n\"") && error.message.contains("number"))
        #expect(configuration.instances.first?.attributes[member: "value"]?.isUnknown == true)
    }

    @Test("a tfvars value for an undeclared variable is a warning")
    func undeclared() throws {
        let (configuration, _) = try evaluate(["main.tf": "resource \"test_thing\" \"t\" {}", "terraform.tfvars": "nope = 1\n"])
        let warning = try #require(configuration.diagnostics(.terraformUndeclaredVariable).first)
        #expect(warning.severity == .warning)
        #expect(warning.location.line == 1 && warning.location.column == 1)
    }

    @Test("a required variable with no value is unknown with a note, not an error")
    func unset() throws {
        let (configuration, _) = try evaluate(["main.tf": "variable \"x\" {}\nresource \"test_thing\" \"t\" { value = var.x }"])
        #expect(
            configuration.instances.first?.attributes[member: "value"]?.unknown == Unknown(expression: "var.x", reason: "no value given"))
        #expect(configuration.diagnostics.map(\.severity) == [.note])
    }

    @Test("--var values of structured types (and any) are HCL; untyped and primitive ones are literal; sensitive ones are marked")
    func assignments() throws {
        let main = """
            variable "l" { type = list(number) }
            variable "a" { type = any }
            variable "u" {}
            variable "s" {
              type      = string
              sensitive = true
            }
            resource "test_thing" "t" {
              l = var.l
              a = var.a
              u = var.u
              s = var.s
            }
            """
        let (configuration, _) = try evaluate(
            ["main.tf": main],
            inputs: TerraformVariableInputs(assignments: [
                .init(name: "l", text: "[1, 2]"), .init(name: "a", text: "{ k = true }"), .init(name: "u", text: "{ k = true }"),
                .init(name: "s", text: "[x]"),
            ]))
        let attributes = configuration.instances.first?.attributes
        #expect(attributes?[member: "l"] == TerraformValue(.list([.number(1), .number(2)])))
        #expect(attributes?[member: "a"] == .object(["k": .bool(true)]))
        #expect(attributes?[member: "u"] == .string("{ k = true }"))
        #expect(attributes?[member: "s"] == .string("[x]"))
        #expect(attributes?[member: "s"]?.isSensitive == true)
    }

    @Test("nullable = false turns a null value into the default")
    func nonNullable() throws {
        let main = """
            variable "x" {
              default  = "d"
              nullable = false
            }
            resource "test_thing" "t" { value = var.x }
            """
        let (configuration, _) = try evaluate(["main.tf": main, "terraform.tfvars": "x = null\n"])
        #expect(configuration.instances.first?.attributes[member: "value"] == .string("d"))
    }
}
