import TerraformModel
import Testing

@testable import TerraformFunctions

/// Examples from the function pages of the Terraform language documentation (developer.hashicorp.com/terraform/
/// language/functions), checked again from outside the per-group suites: each call and the result the page prints.
@Suite("Terraform's documented examples, spot checks across the groups")
struct DocumentedExampleSpotChecks {
    @Test("string results")
    func strings() throws {
        let cases: [(String, [TerraformValue], String)] = [
            ("format", [s("%-5s|"), s("ab")], "ab   |"),
            ("format", [s("There are %d lights"), n(4)], "There are 4 lights"),
            ("title", [s("hello world")], "Hello World"),
            ("trimprefix", [s("helloworld"), s("hello")], "world"),
            ("trimsuffix", [s("helloworld"), s("world")], "hello"),
            ("trim", [s("?!hello?!"), s("!?")], "hello"),
            ("substr", [s("hello world"), n(1), n(4)], "ello"),
            ("substr", [s("🤔🤷"), n(0), n(1)], "🤔"),
            ("strrev", [s("hello")], "olleh"),
            ("replace", [s("hello world"), s("/w.*d/"), s("everybody")], "hello everybody"),
            ("regex", [s("[a-z]+"), s("53453453.345345aaabbbccc23454")], "aaabbbccc"),
            ("cidrsubnet", [s("172.16.0.0/12"), n(4), n(2)], "172.18.0.0/16"),
            ("cidrsubnet", [s("10.1.2.0/24"), n(4), n(15)], "10.1.2.240/28"),
            ("cidrsubnet", [s("fd00:fd12:3456:7890::/56"), n(16), n(162)], "fd00:fd12:3456:7800:a200::/72"),
            ("cidrhost", [s("10.12.112.0/20"), n(16)], "10.12.112.16"),
            ("cidrhost", [s("10.12.112.0/20"), n(268)], "10.12.113.12"),
            ("cidrhost", [s("fd00:fd12:3456:7890:00a2::/72"), n(34)], "fd00:fd12:3456:7890::22"),
            ("cidrnetmask", [s("172.16.0.0/12")], "255.240.0.0"),
            ("formatdate", [s("DD MMM YYYY hh:mm ZZZ"), s("2018-01-02T23:12:01Z")], "02 Jan 2018 23:12 UTC"),
            ("formatdate", [s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), s("2018-01-02T23:12:01Z")], "Tuesday, 02-Jan-18 23:12:01 UTC"),
            ("formatdate", [s("h:mm"), s("2018-01-01T00:00:00Z")], "0:00"),
            ("timeadd", [s("2017-11-22T00:00:00Z"), s("10m")], "2017-11-22T00:10:00Z"),
            ("base64sha256", [s("hello world")], "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="),
            ("md5", [s("hello world")], "5eb63bbbe01eeed093cb22bb8f5acdc3"),
            ("sha1", [s("hello world")], "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"),
            ("uuidv5", [s("dns"), s("www.terraform.io")], "a5008fae-b28c-5ba5-96cd-82b4c53552d6"),
            ("uuidv5", [s("url"), s("https://www.terraform.io/")], "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"),
            ("urlencode", [s("Hello World!")], "Hello+World%21"),
            ("urlencode", [s("☃")], "%E2%98%83"),
            ("textencodebase64", [s("Hello World"), s("UTF-16LE")], "SABlAGwAbABvACAAVwBvAHIAbABkAA=="),
            ("jsonencode", [object(["hello": s("world")])], #"{"hello":"world"}"#),
            ("yamlencode", [object(["a": s("b"), "c": s("d")])], "\"a\": \"b\"\n\"c\": \"d\"\n"),
            ("lookup", [map(["a": s("ay"), "b": s("bee")]), s("c"), s("what?")], "what?"),
            ("element", [stringTuple("a", "b", "c"), n(3)], "a"),
            ("coalesce", [s(""), s("b")], "b"),
            ("join", [s(", "), stringTuple("foo", "bar", "baz")], "foo, bar, baz"),
            ("indent", [n(2), s("[\n  foo,\n  bar,\n]\n")], "[\n    foo,\n    bar,\n  ]\n  "),
        ]
        for (name, arguments, expected) in cases {
            let result = try TerraformBuiltinFunctions().call(
                name, arguments, context: TerraformFunctionContext(moduleDirectory: "/tmp", rootDirectory: "/tmp"))
            #expect(result.stringValue == expected, "\(name)(\(arguments.map(\.rendered).joined(separator: ", ")))")
        }
    }

    @Test("number results")
    func numbers() throws {
        let cases: [(String, [TerraformValue], Double)] = [
            ("parseint", [s("FF"), n(16)], 255), ("parseint", [s("-10"), n(2)], -2), ("log", [n(16), n(2)], 4),
            ("signum", [n(-13)], -1), ("abs", [n(-12.4)], 12.4), ("ceil", [n(5.1)], 6), ("floor", [n(4.9)], 4),
            ("pow", [n(3), n(2)], 9), ("max", [n(12), n(54), n(3)], 54), ("sum", [t(n(10), n(13), n(6), n(4.5))], 33.5),
            ("length", [s("👾🕹️")], 2), ("index", [stringTuple("a", "b", "c"), s("b")], 1),
        ]
        for (name, arguments, expected) in cases {
            let result = try TerraformBuiltinFunctions().call(
                name, arguments, context: TerraformFunctionContext(moduleDirectory: "/tmp", rootDirectory: "/tmp"))
            #expect(result.numberValue == expected, "\(name)(\(arguments.map(\.rendered).joined(separator: ", ")))")
        }
    }

    @Test("collection results")
    func collections() throws {
        func texts(_ value: TerraformValue) -> [String]? { value.elements?.compactMap(\.stringValue) }
        #expect(
            texts(try call("cidrsubnets", s("10.1.0.0/16"), n(4), n(4), n(8), n(4)))
                == ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])
        #expect(
            try call("chunklist", stringTuple("a", "b", "c", "d", "e"), n(2)).elements?.map { texts($0) ?? [] }
                == [["a", "b"], ["c", "d"], ["e"]])
        #expect(texts(try call("flatten", t(stringTuple("a", "b"), t(), stringTuple("c")))) == ["a", "b", "c"])
        #expect(texts(try call("slice", stringTuple("a", "b", "c", "d"), n(1), n(3))) == ["b", "c"])
        #expect(try call("range", n(10), n(5), n(-2)).elements?.compactMap(\.numberValue) == [10, 8, 6])
        #expect(
            texts(
                try call(
                    "matchkeys", stringTuple("i-123", "i-abc", "i-def"), stringTuple("us-west", "us-east", "us-east"),
                    stringTuple("us-east")))
                == ["i-abc", "i-def"])
        #expect(try call("setproduct", stringTuple("development", "staging"), stringTuple("app1", "app2")).elements?.count == 4)
        let transposed = try call("transpose", map(["a": stringTuple("1", "2"), "b": stringTuple("2", "3")]))
        #expect(texts(try #require(transposed[member: "2"])) == ["a", "b"])
        #expect(texts(try #require(transposed[member: "3"])) == ["b"])
        #expect(texts(try call("distinct", stringTuple("a", "b", "a", "c", "d", "b"))) == ["a", "b", "c", "d"])
        #expect(texts(try call("compact", stringTuple("a", "", "b", "c"))) == ["a", "b", "c"])
        #expect(texts(try call("split", s(","), s("foo,bar,baz"))) == ["foo", "bar", "baz"])
        #expect(texts(try call("sort", stringTuple("e", "d", "a", "x"))) == ["a", "d", "e", "x"])
        #expect(texts(try call("setintersection", stringTuple("a", "b"), stringTuple("b", "c"), stringTuple("b", "d"))) == ["b"])
        let rows = try call("csvdecode", s("a,b,c\n1,2,3\n4,5,6"))
        #expect(rows.elements?.count == 2 && rows.elements?.first?[member: "b"] == s("2"))
        #expect(try call("one", t()).isNull)
        #expect(try call("alltrue", t(b(true), s("true"))) == b(true))
        #expect(try call("anytrue", t()) == b(false))
        #expect(try call("strcontains", s("hello world"), s("wor")) == b(true))
    }
}
