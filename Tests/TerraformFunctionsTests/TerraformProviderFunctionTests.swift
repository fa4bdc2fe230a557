import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("The terraform provider's encode_expr and encode_tfvars") struct TerraformProviderFunctionTests {
    @Test("encode_expr writes HCL as Terraform's own tests expect")
    func encodeExpr() throws {
        let name = "provider::terraform::encode_expr"
        #expect(try call(name, s("hello")) == s("\"hello\""))
        #expect(try call(name, s("hello\nworld\n")) == s("\"hello\\nworld\\n\""))
        #expect(try call(name, s("hel${lo")) == s("\"hel$${lo\""))
        #expect(try call(name, s("hel%{lo")) == s("\"hel%%{lo\""))
        #expect(try call(name, s("boop\\boop")) == s("\"boop\\\\boop\""))
        #expect(try call(name, s("")) == s("\"\""))
        #expect(try call(name, n(2)) == s("2"))
        #expect(try call(name, b(true)) == s("true"))
        #expect(try call(name, object([:])) == s("{}"))
        #expect(try call(name, object(["number": n(5), "string": s("...")])) == s("{\n  number = 5\n  string = \"...\"\n}"))
        #expect(try call(name, t()) == s("[]"))
        #expect(try call(name, t(n(5), s("..."))) == s("[5, \"...\"]"))
        #expect(try call(name, .set([n(20), n(1), n(55), n(5)])) == s("[1, 5, 20, 55]"))
        #expect(try call(name, .null) == s("null"))
        #expect(try call(name, unknown()).isUnknown)
    }

    @Test("encode_tfvars aligns one-line attributes and refuses what is not an object")
    func encodeTfvars() throws {
        let name = "provider::terraform::encode_tfvars"
        let value = object([
            "string": s("hello"), "number": n(5), "bool": b(true), "set": .set([s("beep"), s("boop")]),
            "list": strings("bleep", "bloop"), "tuple": stringTuple("bibble", "wibble"), "map": map(["one": n(1)]),
            "object": object(["one": n(1), "true": b(true)]), "null": .null,
        ])
        let expected = """
            bool = true
            list = ["bleep", "bloop"]
            map = {
              one = 1
            }
            null   = null
            number = 5
            object = {
              one  = 1
              true = true
            }
            set    = ["beep", "boop"]
            string = "hello"
            tuple  = ["bibble", "wibble"]

            """
        #expect(try call(name, value) == s(expected))
        #expect(try call(name, object([:])) == s(""))
        #expect(try call(name, map(["one": n(1), "two": n(2), "three": n(3)])) == s("one   = 1\nthree = 3\ntwo   = 2\n"))
        #expect(failure(name, .null)?.description.contains("cannot encode a null value in tfvars syntax") == true)
        #expect(failure(name, s("nope"))?.description.contains("must be an object whose attribute names") == true)
        #expect(failure(name, object(["not valid identifier": s("!")]))?.description.contains("invalid variable name") == true)
    }

    @Test("decode_tfvars reads literals, templates and operators, and refuses variables, functions and blocks")
    func decodeTfvars() throws {
        let name = "provider::terraform::decode_tfvars"
        #expect(try call(name, s("string = \"hello\"\nnumber = 2")) == object(["string": s("hello"), "number": n(2)]))
        #expect(try call(name, s("")) == object([:]))
        #expect(
            try call(
                name,
                s("list = [1, \"a\", true, null]\nmap = { a = -1, \"b c\" = \"x${1 + 1}\" }\nflag = 2 > 1 && !false ? \"yes\" : \"no\"\n"))
                == object([
                    "list": t(n(1), s("a"), b(true), .null), "map": object(["a": n(-1), "b c": s("x2")]), "flag": s("yes"),
                ]))
        #expect(try call(name, s("text = <<EOT\nline one\nEOT\n")) == object(["text": s("line one\n")]))
        #expect(failure(name, s("not valid syntax"))?.description.contains("invalid tfvars syntax") == true)
        #expect(failure(name, s("foo = not valid syntax"))?.description.contains("invalid tfvars syntax") == true)
        #expect(failure(name, s("foo = var.whatever"))?.description.contains("Variables not allowed") == true)
        #expect(failure(name, s("foo = whatever()"))?.description.contains("Function calls not allowed") == true)
        #expect(failure(name, s("foo = \"${var.x}\""))?.description.contains("Variables not allowed") == true)
        #expect(failure(name, s("foo = local.x ? 1 : 2"))?.description.contains("Variables not allowed") == true)
        #expect(failure(name, s("block {\n}\n"))?.description.contains("Blocks are not allowed here") == true)
        #expect(failure(name, s("a = 1 / 0"))?.description.contains("divide by zero") == true)
        #expect(failure(name, .null)?.description.contains("must not be null") == true)
    }
}
