import PostureModel
import TerraformEvaluation
import TerraformModel
import Testing

@Suite("Terraform expressions")
struct ExpressionTests {
    @Test("literals, tuples and objects with computed keys evaluate to Terraform values")
    func literals() throws {
        let (value, diagnostics) = try value(
            of: #"{ a = 1.5, "b" = true, (local.k) = null, list = [1, "x"] }"#, extra: #"locals { k = "c" }"#)
        #expect(diagnostics.isEmpty)
        #expect(
            value
                == .object([
                    "a": .number(1.5), "b": .bool(true), "c": .null, "list": .tuple([.number(1), .string("x")]),
                ]))
    }

    @Test("templates interpolate, run %{if} and %{for} directives, apply strip markers, and keep a lone interpolation's type")
    func templates() throws {
        let extra = "locals {\n  names = [\"a\", \"b\"]\n  n = 3\n}"
        #expect(try value(of: #""n=${local.n} %{if local.n > 2}big%{else}small%{endif}""#, extra: extra).0 == .string("n=3 big"))
        #expect(try value(of: #""%{for i, x in local.names}${i}${x},%{endfor}""#, extra: extra).0 == .string("0a,1b,"))
        #expect(try value(of: #""a   ${~ "b" ~}   c""#).0 == .string("abc"))
        #expect(try value(of: #""${local.names}""#, extra: extra).0 == .tuple([.string("a"), .string("b")]))
        #expect(try value(of: "<<-EOT\n    one ${local.n}\n      two\n    EOT", extra: extra).0 == .string("one 3\n  two\n"))
    }

    @Test("arithmetic, comparison and equality follow Terraform, converting numeric strings")
    func operators() throws {
        #expect(try value(of: #"1 + "2" * 3"#).0 == .number(7))
        #expect(try value(of: "7 % 4 - 10 / 4").0 == .number(0.5))
        #expect(try value(of: "[1, {a = 2}] == [1, {a = 2}]").0 == .bool(true))
        #expect(try value(of: #"1 == "1""#).0 == .bool(false))
        #expect(try value(of: "3 >= 4 || !false").0 == .bool(true))
        let (divided, diagnostics) = try value(of: "1 / 0")
        #expect(divided?.isUnknown == true)
        #expect(diagnostics.first?.code == .terraformInvalidExpression)
        #expect(diagnostics.first?.location.line == 2)
    }

    @Test("&& and || decide on a known operand even when the other is unknown, else stay unknown")
    func logicalUnknowns() throws {
        let extra = #"variable "u" { type = bool }"#
        #expect(try value(of: "false && var.u", extra: extra).0 == .bool(false))
        #expect(try value(of: "var.u || true", extra: extra).0 == .bool(true))
        let unknown = try value(of: "var.u && true", extra: extra).0
        #expect(unknown?.unknown == Unknown(expression: "var.u && true", reason: "no value given"))
    }

    @Test("a conditional on an unknown is the branches' common value, or unknown; a known one picks a branch")
    func conditionals() throws {
        let extra = #"variable "u" { type = bool }"#
        #expect(try value(of: #"var.u ? "same" : "same""#, extra: extra).0 == .string("same"))
        #expect(try value(of: #"var.u ? "a" : "b""#, extra: extra).0?.unknown?.reason == "no value given")
        #expect(try value(of: #"1 < 2 ? "a" : "b""#).0 == .string("a"))
        #expect(try value(of: #""%{if var.u}a%{endif}b""#, extra: extra).0?.unknown?.reason == "no value given")
    }

    @Test("for expressions build tuples and objects, filter with if, group with ..., and iterate maps by key and sets in order")
    func forExpressions() throws {
        let extra = #"locals { m = { b = 2, a = 1, c = 3 } }"#
        #expect(try value(of: "[for k, v in local.m : k if v > 1]", extra: extra).0 == .tuple([.string("b"), .string("c")]))
        #expect(
            try value(of: "{for k, v in local.m : v => k}", extra: extra).0
                == .object(["1": .string("a"), "2": .string("b"), "3": .string("c")]))
        #expect(
            try value(of: #"{for s in ["ab", "ac", "b"] : (s == "b" ? "b" : "a") => s...}"#).0
                == .object(["a": .tuple([.string("ab"), .string("ac")]), "b": .tuple([.string("b")])]))
        #expect(try value(of: #"[for x in toset(["b", "a", "b"]) : x]"#).0 == .tuple([.string("a"), .string("b")]))
        let (duplicate, diagnostics) = try value(of: #"{for s in ["a", "a"] : s => 1}"#)
        #expect(duplicate?.isUnknown == true)
        #expect(diagnostics.first?.message.contains("...") == true)
    }

    @Test("splats map over lists, wrap a single value, and give an empty tuple on null")
    func splats() throws {
        let extra = #"locals { l = [{ n = 1 }, { n = 2 }] }"#
        #expect(try value(of: "local.l[*].n", extra: extra).0 == .tuple([.number(1), .number(2)]))
        #expect(try value(of: "local.l.*.n", extra: extra).0 == .tuple([.number(1), .number(2)]))
        #expect(try value(of: "local.l[0][*].n", extra: extra).0 == .tuple([.number(1)]))
        #expect(try value(of: "null[*].n").0 == .tuple([]))
    }

    @Test("a missing attribute or index is an error at its position; traversing an unknown is unknown")
    func traversals() throws {
        let extra = "locals {\n  o = { a = 1 }\n}\nvariable \"u\" {}"
        let (missing, diagnostics) = try value(of: "local.o.b", extra: extra)
        #expect(missing?.isUnknown == true)
        let diagnostic = try #require(diagnostics.first { $0.code == .terraformUnsupportedAttribute })
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 11)
        #expect(diagnostic.message.contains("\"b\""))
        let (undeclared, undeclaredDiagnostics) = try value(of: "var.nope")
        #expect(undeclared?.isUnknown == true)
        #expect(undeclaredDiagnostics.first?.message.contains("no variable named \"nope\"") == true)
        #expect(undeclaredDiagnostics.first?.code == .terraformUndeclaredReference)
        #expect(undeclaredDiagnostics.first?.severity == .warning, "the scan goes on: a folder may hold part of a module")
        let (resource, resourceDiagnostics) = try value(of: "azurerm_resource_group.example.location")
        #expect(resource?.isUnknown == true)
        #expect(resourceDiagnostics.map(\.code) == [.terraformUndeclaredReference])
        #expect(resourceDiagnostics.first?.severity == .warning)
        #expect(try value(of: "[10, 20][1]").0 == .number(20))
        #expect(try value(of: #"local.o["a"]"#, extra: extra).0 == .number(1))
        #expect(try value(of: "var.u.x[3]", extra: extra).0?.unknown == Unknown(expression: "var.u.x[3]", reason: "no value given"))
    }

    @Test("function calls go to the library, with ... expansion and provider:: names; an unknown function is an error at the call")
    func functionCalls() throws {
        #expect(try value(of: #"upper("a")"#).0 == .string("A"))
        #expect(try value(of: "max([1, 5, 2]...)").0 == .number(5))
        #expect(try value(of: "provider::test::double(4)").0 == .number(8))
        let (result, diagnostics) = try value(of: "nosuch(1)")
        #expect(result?.isUnknown == true)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == .terraformUnknownFunction)
        #expect(diagnostic.message.contains("nosuch"))
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 11)
        let (provided, providedDiagnostics) = try value(of: #"provider::azurerm::normalise_resource_id("/x")"#)
        #expect(provided?.unknown?.reason == "a provider-defined function")
        #expect(providedDiagnostics.map(\.code) == [.terraformProviderFunction])
        #expect(providedDiagnostics.first?.severity == .warning)
    }

    @Test("an object for with an unknown if keeps the other members known; a list for with one is unknown")
    func unknownConditions() throws {
        let extra = "variable \"u\" {}"
        let (object, _) = try value(of: "{ for k, v in { a = 1, b = var.u, c = null } : k => v if v != null }", extra: extra)
        #expect(object?[member: "a"] == .number(1))
        #expect(object?[member: "b"]?.isUnknown == true)
        #expect(object?[member: "c"] == nil, "a known null is still dropped")
        let (gated, _) = try value(of: "{ for k, v in { a = 1 } : k => v if var.u }", extra: extra)
        #expect(gated?[member: "a"]?.isUnknown == true, "a known value behind an unknown condition is not claimed")
        #expect(try value(of: "[ for v in [1, var.u] : v if v != null ]", extra: extra).0?.isUnknown == true)
        #expect(try value(of: "{ a = var.u } != null", extra: extra).0 == .bool(true), "null is known against a known object")
        #expect(try value(of: "var.u == null", extra: extra).0?.isUnknown == true)
        #expect(try value(of: "{ a = var.u } == { a = 1 }", extra: extra).0?.isUnknown == true)
    }

    @Test("templatestring renders a string as a template with only its variables in scope")
    func templateString() throws {
        let extra = "locals {\n  t = \"Hello, $${name}%%{ if loud }!%%{ endif }\"\n}\nvariable \"u\" {}"
        #expect(try value(of: "templatestring(local.t, { name = \"world\", loud = true })", extra: extra).0 == .string("Hello, world!"))
        #expect(try value(of: "templatestring(local.t, { name = var.u, loud = false })", extra: extra).0?.isUnknown == true)
        let (missing, diagnostics) = try value(of: "templatestring(local.t, { loud = true })", extra: extra)
        #expect(missing?.isUnknown == true)
        #expect(!diagnostics.isEmpty, "a variable the template names and the object lacks is an error")
    }

    @Test("can and try catch errors; a failed call otherwise is an error")
    func canAndTry() throws {
        let extra = "locals {\n  o = { a = 1 }\n}"
        #expect(try value(of: "can(local.o.b)", extra: extra).0 == .bool(false))
        #expect(try value(of: "can(local.o.a)", extra: extra).0 == .bool(true))
        let (tried, diagnostics) = try value(of: #"try(local.o.b, file("x"), "fallback")"#, extra: extra)
        #expect(tried == .string("fallback"))
        #expect(diagnostics.isEmpty)
        let (failed, failures) = try value(of: #"file("x")"#)
        #expect(failed?.isUnknown == true)
        #expect(failures.first?.code == .terraformInvalidExpression)
    }

    @Test("templatefile renders a file with only its variables in scope")
    func templateFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("t.tpl", "Hello ${name}!%{ for x in items } [${x}]%{ endfor }\\n")
        let (configuration, _) = try evaluate(
            ["main.tf": #"resource "test_thing" "t" { value = templatefile("${path.module}/t.tpl", { name = "B", items = [1, 2] }) }"#],
            in: folder)
        #expect(configuration.instances.first?.attributes[member: "value"] == .string("Hello B! [1] [2]\\n"))
        #expect(configuration.filesRead.contains { $0.hasSuffix("/t.tpl") })
    }

    @Test("a template that renders itself through templatefile stops with an error")
    func recursiveTemplateFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("loop.tpl", #"x${templatefile("${dir}/loop.tpl", { dir = dir })}"#)
        let (configuration, _) = try evaluate(
            ["main.tf": #"resource "test_thing" "t" { value = templatefile("${path.module}/loop.tpl", { dir = path.module }) }"#],
            in: folder)
        #expect(configuration.instances.first?.attributes[member: "value"]?.isUnknown == true)
        #expect(configuration.diagnostics.contains { $0.message.contains("nest deeper") })
    }

    @Test("sensitive values stay sensitive through operators and templates")
    func sensitivity() throws {
        let extra = "variable \"s\" {\n  default = \"p\"\n  sensitive = true\n}"
        #expect(try value(of: #""x${var.s}""#, extra: extra).0?.isSensitive == true)
        #expect(try value(of: #"var.s == "p""#, extra: extra).0?.isSensitive == true)
    }
}
