import PostureModel
import TerraformEvaluation
import TerraformModel
import Testing

@Suite("Terraform resources and instances")
struct ResourceTests {
    @Test("count makes indexed instances with count.index; count = 0 makes none")
    func count() throws {
        let main = """
            resource "test_thing" "t" {
              count = 2
              name  = "n${count.index}"
            }
            resource "test_thing" "none" { count = 0 }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.instances.map(\.address) == ["test_thing.t[0]", "test_thing.t[1]"])
        #expect(configuration.instances.map { $0.attributes[member: "name"] } == [.string("n0"), .string("n1")])
        #expect(configuration.instances.first?.attributes[member: "count"] == nil)
    }

    @Test("for_each over a map and over a set of strings makes keyed instances with each.key and each.value")
    func forEach() throws {
        let main = """
            resource "test_thing" "m" {
              for_each = { west = 2, east = 1 }
              value    = "${each.key}=${each.value}"
            }
            resource "test_thing" "s" {
              for_each = toset(["b", "a"])
              value    = each.value
            }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(
            configuration.instances.map(\.address)
                == [#"test_thing.m["east"]"#, #"test_thing.m["west"]"#, #"test_thing.s["a"]"#, #"test_thing.s["b"]"#])
        #expect(configuration.instance(#"test_thing.m["west"]"#)?.attributes[member: "value"] == .string("west=2"))
    }

    @Test("for_each over a list is an error, and the block is kept as one instance")
    func forEachList() throws {
        let (configuration, _) = try evaluate(["main.tf": "resource \"test_thing\" \"t\" {\n  for_each = [\"a\"]\n}"])
        let error = try #require(configuration.diagnostics(.terraformInvalidBlock).first)
        #expect(error.location.line == 2 && error.message.contains("toset"))
        #expect(configuration.instances.count == 1)
    }

    @Test("an unknown count or for_each gives one instance with an unknown key, never dropped")
    func unknownExpansion() throws {
        let main = """
            variable "n" { type = number }
            variable "m" { type = map(string) }
            resource "test_thing" "c" {
              count = var.n
              i     = count.index
            }
            resource "test_thing" "f" {
              for_each = var.m
              k        = each.key
              fixed    = "yes"
            }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.instances.map(\.address) == ["test_thing.c[*]", "test_thing.f[*]"])
        let counted = try #require(configuration.instances.first)
        guard case .unknown(let unknown) = counted.key else {
            Issue.record("expected an unknown key")
            return
        }
        #expect(unknown == Unknown(expression: "var.n", reason: "no value given"))
        #expect(counted.attributes[member: "i"]?.isUnknown == true)
        #expect(configuration.instances.last?.attributes[member: "fixed"] == .string("yes"))
    }

    @Test("nested blocks are lists of objects; dynamic blocks expand with iterator, nesting, and unknown for_each")
    func blocksAndDynamics() throws {
        let main = """
            variable "unknown_rules" { type = list(string) }
            resource "test_thing" "t" {
              lifecycle {
                ignore_changes = [tags]
              }
              depends_on = []
              site {
                a = 1
              }
              dynamic "rule" {
                for_each = { x = ["p1", "p2"], y = ["p3"] }
                iterator = r
                content {
                  name = r.key
                  dynamic "port" {
                    for_each = r.value
                    content {
                      value = "${r.key}:${port.value}"
                    }
                  }
                }
              }
              dynamic "later" {
                for_each = var.unknown_rules
                content {
                  name  = later.value
                  fixed = true
                }
              }
            }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        let attributes = try #require(configuration.instances.first?.attributes)
        #expect(attributes[member: "lifecycle"] == nil && attributes[member: "depends_on"] == nil)
        #expect(attributes[member: "site"] == TerraformValue(.list([.object(["a": .number(1)])])))
        let rules = try #require(attributes[member: "rule"]?.elements)
        #expect(rules.map { $0[member: "name"] } == [.string("x"), .string("y")])
        #expect(rules[0][member: "port"]?.elements?.map { $0[member: "value"] } == [.string("x:p1"), .string("x:p2")])
        let later = try #require(attributes[member: "later"]?.elements)
        #expect(later.count == 1)
        #expect(later[0][member: "name"]?.isUnknown == true)
        #expect(later[0][member: "fixed"] == .bool(true))
    }

    @Test("an argument set to null is left out, as not set; a reference to it is computed")
    func nullArguments() throws {
        let main = """
            variable "tier" { default = null }
            resource "test_thing" "t" {
              tier = var.tier
              kept = "x"
              site {
                mode = null
              }
            }
            resource "test_thing" "uses" { value = test_thing.t.tier }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        let attributes = try #require(configuration.instance("test_thing.t")?.attributes)
        #expect(attributes.members?.keys.sorted() == ["kept", "site"])
        #expect(attributes[member: "site"] == TerraformValue(.list([.object([:])])))
        #expect(configuration.instance("test_thing.uses")?.attributes[member: "value"]?.unknown?.reason == "known after apply")
    }

    @Test("a reference to a resource gives its attributes, its ARM id from the identifier, and computed attributes unknown")
    func resourceReferences() throws {
        let main = """
            resource "test_thing" "uses" {
              vault_id   = test_vault.kv.id
              vault_name = test_vault.kv.name
              other_id   = test_thing.other.id
              principal  = test_thing.other.identity[0].principal_id
              counted    = test_thing.many[1].name
              keyed      = test_thing.keyed["a"].name
            }
            resource "test_vault" "kv" { name = "kv1" }
            resource "test_thing" "other" {
              identity {
                type = "SystemAssigned"
              }
            }
            resource "test_thing" "many" {
              count = 2
              name  = "m${count.index}"
            }
            resource "test_thing" "keyed" {
              for_each = toset(["a"])
              name     = each.key
            }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.diagnostics.isEmpty)
        let attributes = try #require(configuration.instance("test_thing.uses")?.attributes)
        #expect(
            attributes[member: "vault_id"]
                == .string("/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.KeyVault/vaults/kv1"))
        #expect(attributes[member: "vault_name"] == .string("kv1"))
        #expect(attributes[member: "other_id"]?.unknown == Unknown(expression: "test_thing.other.id", reason: "known after apply"))
        #expect(
            attributes[member: "principal"]?.unknown
                == Unknown(expression: "test_thing.other.identity[0].principal_id", reason: "known after apply"))
        #expect(attributes[member: "counted"] == .string("m1"))
        #expect(attributes[member: "keyed"] == .string("a"))
    }

    @Test("resources referring to each other in a cycle are an error")
    func resourceCycle() throws {
        let main = """
            resource "test_thing" "a" { v = test_thing.b.v }
            resource "test_thing" "b" { v = test_thing.a.v }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.diagnostics(.terraformReferenceCycle).count == 1)
        #expect(configuration.instances.count == 2)
    }

    @Test("path, terraform.workspace and self have their Terraform values")
    func builtInNames() throws {
        let (configuration, folder) = try evaluate([
            "main.tf": #"resource "test_thing" "t" { value = [path.module, path.root, terraform.workspace, self.id] }"#
        ])
        let values = try #require(configuration.instances.first?.attributes[member: "value"]?.elements)
        #expect(values[0].stringValue?.hasSuffix(folder.path.split(separator: "/").last.map(String.init) ?? "-") == true)
        #expect(values[0] == values[1])
        #expect(values[2] == .string("default"))
        #expect(values[3].isUnknown)
    }

    @Test("a huge count is capped with an error")
    func instanceCap() throws {
        let (configuration, _) = try evaluate(["main.tf": "resource \"test_thing\" \"t\" { count = 20000 }"])
        #expect(configuration.instances.count == 10_000)
        #expect(configuration.diagnostics(.terraformTooManyInstances).count == 1)
    }
}

@Suite("Terraform references through iteration")
struct IterationReferenceTests {
    @Test("a for expression or for_each over resources keeps their computed attributes unknown rather than missing")
    func computedThroughIteration() throws {
        let main = """
            resource "test_thing" "pe" {
              for_each = toset(["a"])
              name     = each.key
            }
            resource "test_thing" "uses" {
              value = { for k, pe in test_thing.pe : k => pe.ip_address }
            }
            resource "test_thing" "each" {
              for_each = test_thing.pe
              value    = each.value.ip_address
            }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.diagnostics.isEmpty)
        let value = configuration.instance("test_thing.uses")?.attributes[member: "value"]?[member: "a"]
        #expect(value?.unknown == Unknown(expression: "pe.ip_address", reason: "known after apply"))
        #expect(configuration.instance(#"test_thing.each["a"]"#)?.attributes[member: "value"]?.isUnknown == true)
    }

    @Test("errors in the branches of a conditional whose condition is unknown are not reported")
    func unknownConditionBranches() throws {
        let main = """
            variable "u" { type = bool }
            resource "test_thing" "t" { value = var.u ? "${null}" : "b" }
            """
        let (configuration, _) = try evaluate(["main.tf": main])
        #expect(configuration.diagnostics.allSatisfy { $0.severity != .error })
        #expect(configuration.instances.first?.attributes[member: "value"]?.isUnknown == true)
    }
}
