import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("format and formatlist") struct FormatFunctionTests {
    @Test("The documented examples")
    func documented() throws {
        #expect(try call("format", s("Hello, %s!"), s("Ander")) == s("Hello, Ander!"))
        #expect(try call("format", s("There are %d lights"), n(4)) == s("There are 4 lights"))
        #expect(try call("format", s("%#v"), s("hello")) == s("\"hello\""))
        #expect(try call("format", s("%v"), t(n(1), s("a"))) == s("[1,\"a\"]"))
        #expect(try call("format", s("%#v"), b(true)) == s("true"))
        #expect(try call("format", s("%#v"), n(1)) == s("1"))
        #expect(try call("format", s("%#v"), object(["a": n(1)])) == s("{\"a\":1}"))
        #expect(try call("format", s("%#v"), t(b(true))) == s("[true]"))
        #expect(try call("format", s("%#v"), .null) == s("null"))
        #expect(
            try call("formatlist", s("Hello, %s!"), strings("Valentina", "Ander", "Olivia", "Sam"))
                == strings("Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"))
        #expect(
            try call("formatlist", s("%s, %s!"), s("Salutations"), strings("Valentina", "Ander"))
                == strings("Salutations, Valentina!", "Salutations, Ander!"))
    }

    @Test("Integer verbs take flags, width and precision as Go's fmt does")
    func integers() throws {
        #expect(try call("format", s("%5d|%-5d|%05d|%+d"), n(42), n(42), n(42), n(42)) == s("   42|42   |00042|+42"))
        #expect(try call("format", s("%x %X %#x %o %b"), n(255), n(255), n(255), n(8), n(5)) == s("ff FF 0xff 10 101"))
        #expect(try call("format", s("%d"), n(-7)) == s("-7"))
        #expect(try call("format", s("%d"), s("12")) == s("12"))
        #expect(failure("format", s("%d"), n(1.5))?.description.contains("an integer is required") == true)
    }

    @Test("Float verbs: %f, %e and %g, with precision and width")
    func floats() throws {
        #expect(try call("format", s("%.2f"), n(3.14159)) == s("3.14"))
        #expect(try call("format", s("%8.3f"), n(3.14159)) == s("   3.142"))
        #expect(try call("format", s("%f"), n(1)) == s("1.000000"))
        #expect(try call("format", s("%e"), n(1234.5678)) == s("1.234568e+03"))
        #expect(try call("format", s("%g"), n(0.000012)) == s("1.2e-05"))
        #expect(try call("format", s("%g"), n(100)) == s("100"))
        #expect(try call("format", s("%v"), n(1_234_567)) == s("1.234567e+06"))
        #expect(try call("format", s("%v"), n(1.5)) == s("1.5"))
    }

    @Test("Strings, bools, JSON and argument indexes")
    func otherVerbs() throws {
        #expect(try call("format", s("%t"), b(true)) == s("true"))
        #expect(try call("format", s("%q"), s("hi \"x\"")) == s("\"hi \\\"x\\\"\""))
        #expect(try call("format", s("%.3s|%6s|%-4s|"), s("abcdef"), s("ab"), s("ab")) == s("abc|    ab|ab  |"))
        #expect(try call("format", s("%[2]s %[1]s"), s("a"), s("b")) == s("b a"))
        #expect(try call("format", s("100%%")) == s("100%"))
        #expect(try call("format", s("%v"), TerraformValue.null) == s("null"))
        #expect(try call("format", s("%v"), object(["b": n(1), "a": s("<")])) == s("{\"a\":\"\\u003c\",\"b\":1}"))
    }

    @Test("Bad format strings and argument counts are errors")
    func errors() {
        #expect(failure("format", s("%s"))?.description.contains("not enough arguments") == true)
        #expect(failure("format", s("x"), n(1))?.description.contains("too many arguments; no verbs in format string") == true)
        #expect(failure("format", s("%s"), s("a"), s("b"))?.description.contains("only 1 used by format string") == true)
        #expect(failure("format", s("%d"), TerraformValue.null)?.description.contains("null value cannot be formatted") == true)
        #expect(failure("format", s("%y"), n(1))?.description.contains("unsupported format verb") == true)
        #expect(failure("format", s("abc %"))?.description.contains("invalid format string") == true)
        #expect(failure("formatlist", s("%s %s"), strings("a", "b"), strings("c"))?.description.contains("inconsistent") == true)
    }

    @Test("An unknown argument makes format unknown; formatlist marks only its own element")
    func unknowns() throws {
        #expect(try call("format", s("%s-x"), unknown()).isUnknown)
        let result = try call("formatlist", s("%s!"), list(s("a"), unknown()))
        #expect(result.elements?.count == 2)
        #expect(result.elements?.first == s("a!"))
        #expect(result.elements?.last?.isUnknown == true)
    }
}
