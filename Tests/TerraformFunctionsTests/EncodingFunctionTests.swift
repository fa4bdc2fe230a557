import Foundation
import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Encoding functions") struct EncodingFunctionTests {
    @Test("base64, text encodings and urlencode give the documented results")
    func textEncodings() throws {
        #expect(try call("base64encode", s("Hello World")) == s("SGVsbG8gV29ybGQ="))
        #expect(try call("base64decode", s("SGVsbG8gV29ybGQ=")) == s("Hello World"))
        #expect(failure("base64decode", s("not base64!"))?.description.contains("failed to decode base64 data") == true)
        #expect(failure("base64decode", s("/w=="))?.description.contains("not valid UTF-8") == true)
        #expect(try call("textencodebase64", s("Hello World"), s("UTF-16LE")) == s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="))
        #expect(try call("textdecodebase64", s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), s("UTF-16LE")) == s("Hello World"))
        #expect(
            failure("textencodebase64", s("x"), s("EBCDIC-nope"))?.description.contains("is not a supported IANA encoding name") == true)
        #expect(try call("urlencode", s("Hello World!")) == s("Hello+World%21"))
        #expect(try call("urlencode", s("☃")) == s("%E2%98%83"))
        #expect(try call("urlencode", s("terraform urlencode")) == s("terraform+urlencode"))
        #expect(try call("urlencode", s("a/b?c=d&e~f_g.h-i")) == s("a%2Fb%3Fc%3Dd%26e~f_g.h-i"))
        #expect(try call("base64decode", s("SGVs\nbG8=")) == s("Hello"))
        #expect(try call("textencodebase64", s("é"), s("ISO-8859-1")) == s("6Q=="))
        #expect(try call("textdecodebase64", s("6Q=="), s("latin1")) == s("é"))
        #expect(try call("textencodebase64", s("A"), s("UTF-16")) == s("/v8AQQ=="))
        #expect(try call("textdecodebase64", s("//5BAA=="), s("UTF-16")) == s("A"))
        #expect(failure("textencodebase64", s("☃"), s("ISO-8859-1"))?.description.contains("cannot be represented in ISO-8859-1") == true)
    }

    @Test("base64gzip is a gzip stream that holds the text")
    func gzip() throws {
        let text = String(repeating: "hello gzip ", count: 10_000)
        guard let encoded = try call("base64gzip", s(text)).stringValue, let data = Data(base64Encoded: encoded) else {
            Issue.record("no base64 result")
            return
        }
        let bytes = Array(data)
        #expect(bytes.prefix(4) == [0x1F, 0x8B, 0x08, 0x00])
        // The trailer holds the CRC-32 and the length of the text.
        let length = bytes.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(length == text.utf8.count)
        #expect(Gzip.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("jsonencode sorts keys, writes plain numbers and escapes HTML as Go does")
    func jsonEncode() throws {
        #expect(try call("jsonencode", object(["hello": s("world")])) == s("{\"hello\":\"world\"}"))
        #expect(try call("jsonencode", object(["b": n(1), "a": t(b(true), .null, n(1.5))])) == s("{\"a\":[true,null,1.5],\"b\":1}"))
        #expect(try call("jsonencode", s("<a & b>")) == s("\"\\u003ca \\u0026 b\\u003e\""))
        #expect(try call("jsonencode", s("tab\there\n")) == s("\"tab\\there\\n\""))
        #expect(try call("jsonencode", n(1e20)) == s("100000000000000000000"))
        #expect(try call("jsonencode", n(0.0000001)) == s("0.0000001"))
        #expect(try call("jsonencode", .null) == s("null"))
        // Not Checkov's jsonencode, which returns its input.
        #expect(try call("jsonencode", stringTuple("a")) == s("[\"a\"]"))
    }

    @Test("jsondecode reads objects as objects and arrays as tuples")
    func jsonDecode() throws {
        #expect(try call("jsondecode", s("{\"hello\": \"world\"}")) == object(["hello": s("world")]))
        #expect(try call("jsondecode", s("true")) == b(true))
        #expect(try call("jsondecode", s("[1, \"a\", null, {\"x\": [] }]")) == t(n(1), s("a"), .null, object(["x": t()])))
        #expect(try call("jsondecode", s("\"\\u00e9\\ud83d\\ude00\"")) == s("é😀"))
        #expect(failure("jsondecode", s("{\"a\": 1, \"a\": 2}"))?.description.contains("duplicate \"a\" property") == true)
        #expect(failure("jsondecode", s("{"))?.isInvalidArguments == true)
        #expect(failure("jsondecode", s("[1] x"))?.description.contains("extraneous data") == true)
    }

    @Test("csvdecode gives a list of objects of strings")
    func csv() throws {
        #expect(
            try call("csvdecode", s("a,b,c\n1,2,3\n4,5,6"))
                == list(object(["a": s("1"), "b": s("2"), "c": s("3")]), object(["a": s("4"), "b": s("5"), "c": s("6")])))
        #expect(
            try call("csvdecode", s("a,b\r\n\"x,\"\"y\"\"\",\"two\nlines\"\r\n"))
                == list(object(["a": s("x,\"y\""), "b": s("two\nlines")])))
        #expect(try call("csvdecode", s("a,b\n")) == list())
        #expect(failure("csvdecode", s("a,b\n1,2,3"))?.description.contains("wrong number of fields") == true)
        #expect(failure("csvdecode", s("a,a\n1,2"))?.description.contains("duplicate column name") == true)
        #expect(failure("csvdecode", s(""))?.description.contains("missing header line") == true)
    }

    @Test("yamlencode writes the documented block style")
    func yamlEncode() throws {
        #expect(try call("yamlencode", object(["a": s("b"), "c": s("d")])) == s("\"a\": \"b\"\n\"c\": \"d\"\n"))
        #expect(
            try call("yamlencode", object(["foo": t(n(1), n(2), n(3)), "bar": s("baz")]))
                == s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"))
        #expect(
            try call("yamlencode", object(["foo": t(n(1), object(["a": s("b"), "c": s("d")]), n(3)), "bar": s("baz")]))
                == s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"))
        #expect(
            try call("yamlencode", object(["a": object(["b": b(true), "c": .null]), "e": t(), "f": object([:])]))
                == s("\"a\":\n  \"b\": true\n  \"c\": null\n\"e\": []\n\"f\": {}\n"))
        #expect(try call("yamlencode", object(["a": s("x\ny")])) == s("\"a\": |-\n  x\n  y\n"))
        #expect(try call("yamlencode", s("tab\t")) == s("\"tab\\t\"\n"))
        // libyaml escapes what it does not print (characters beyond the BMP too) and keeps the rest.
        #expect(try call("yamlencode", s("é 😀")) == s("\"é \\U0001F600\"\n"))
        #expect(try call("yamlencode", s("a\tb\nc")) == s("\"a\\tb\\nc\"\n"))
        // A long string folds at the first space past column 80, continuing two spaces in.
        let words = Array(repeating: "abcd", count: 20)
        let folded = "\"k\": \"" + words.prefix(16).joined(separator: " ") + "\n  " + words.suffix(4).joined(separator: " ") + "\"\n"
        #expect(try call("yamlencode", object(["k": s(words.joined(separator: " "))])) == s(folded))
        #expect(try call("yamldecode", s(folded)) == object(["k": s(words.joined(separator: " "))]))
    }

    @Test("yamldecode resolves scalars as go-yaml does and follows anchors")
    func yamlDecode() throws {
        #expect(try call("yamldecode", s("hello: world")) == object(["hello": s("world")]))
        #expect(try call("yamldecode", s("true")) == b(true))
        #expect(try call("yamldecode", s("{a: &foo [1, 2, 3], b: *foo}")) == object(["a": t(n(1), n(2), n(3)), "b": t(n(1), n(2), n(3))]))
        #expect(
            try call("yamldecode", s("a: yes\nb: \"yes\"\nc: ~\nd: 0x1F\ne: 1.5\nf: '3'\ng: [x, 2]\n"))
                == object(["a": b(true), "b": s("yes"), "c": .null, "d": n(31), "e": n(1.5), "f": s("3"), "g": t(s("x"), n(2))]))
        #expect(
            try call("yamldecode", s("base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n"))[member: "derived"]
                == object(["x": n(1), "y": n(3)]))
        #expect(try call("yamldecode", s("")) == .null)
        #expect(failure("yamldecode", s("a: 1\n---\nb: 2\n")) != nil)
        #expect(failure("yamldecode", s("a: [1, 2")) != nil)
        #expect(failure("yamldecode", s("{a: !not-supported foo}"))?.description.contains("unsupported tag") == true)
        #expect(failure("yamldecode", s("{a: &foo [1, *foo, 3]}")) != nil)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(failure("yamldecode", s(deep))?.description.contains("nested more than 256 levels") == true)
        #expect(failure("jsondecode", s(deep))?.description.contains("nested too deeply") == true)
    }
}
