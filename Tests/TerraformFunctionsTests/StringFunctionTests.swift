import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("String functions") struct StringFunctionTests {
    @Test("chomp, indent, join and split give the documented results")
    func shaping() throws {
        #expect(try call("chomp", s("hello\n")) == s("hello"))
        #expect(try call("chomp", s("hello\r\n")) == s("hello"))
        #expect(try call("chomp", s("hello\n\n")) == s("hello"))
        #expect(try call("indent", n(2), s("[\n  foo,\n  bar,\n]\n")) == s("[\n    foo,\n    bar,\n  ]\n  "))
        #expect(try call("join", s("-"), strings("foo", "bar", "baz")) == s("foo-bar-baz"))
        #expect(try call("join", s(", "), strings("foo", "bar", "baz")) == s("foo, bar, baz"))
        #expect(try call("join", s(", "), strings("foo")) == s("foo"))
        #expect(try call("join", s(","), strings("a"), t(s("b"), n(1))) == s("a,b,1"))
        #expect(try call("split", s(","), s("foo")) == strings("foo"))
        #expect(try call("split", s(","), s("foo,bar,baz")) == strings("foo", "bar", "baz"))
        #expect(try call("split", s(","), s("")) == strings(""))
        #expect(failure("join", s(","), t(s("a"), .null))?.description.contains("is null") == true)
    }

    @Test("Case, reversal and substrings work on characters, not bytes")
    func characters() throws {
        #expect(try call("lower", s("HELLO")) == s("hello"))
        #expect(try call("lower", s("АЛЛО!")) == s("алло!"))
        #expect(try call("upper", s("hello")) == s("HELLO"))
        #expect(try call("upper", s("алло!")) == s("АЛЛО!"))
        // Go maps case one code point to one: ß has no single upper-case code point.
        #expect(try call("upper", s("straße")) == s("STRAßE"))
        #expect(try call("title", s("hello world")) == s("Hello World"))
        #expect(try call("title", s("hello-world_x")) == s("Hello-World_x"))
        #expect(try call("strrev", s("hello")) == s("olleh"))
        #expect(try call("strrev", s("a ☃")) == s("☃ a"))
        #expect(try call("substr", s("hello world"), n(1), n(4)) == s("ello"))
        #expect(try call("substr", s("🤔🤷"), n(0), n(1)) == s("🤔"))
        #expect(try call("substr", s("hello world"), n(-5), n(-1)) == s("world"))
        #expect(try call("substr", s("hello world"), n(6), n(10)) == s("world"))
        #expect(try call("substr", s("hello"), n(10), n(2)) == s(""))
    }

    @Test("trim takes a character set; trimprefix and trimsuffix take one affix (not Checkov's lstrip)")
    func trimming() throws {
        #expect(try call("trim", s("?!hello?!"), s("!?")) == s("hello"))
        #expect(try call("trim", s("foobar"), s("far")) == s("oob"))
        #expect(try call("trim", s("   hello! world.!  "), s("! ")) == s("hello! world."))
        #expect(try call("trimprefix", s("helloworld"), s("hello")) == s("world"))
        #expect(try call("trimprefix", s("helloworld"), s("cat")) == s("helloworld"))
        #expect(try call("trimprefix", s("aaab"), s("a")) == s("aab"))
        #expect(try call("trimsuffix", s("helloworld"), s("world")) == s("hello"))
        #expect(try call("trimsuffix", s("abbb"), s("b")) == s("abb"))
        #expect(try call("trimspace", s("  hello\n\n")) == s("hello"))
    }

    @Test("startswith, endswith and strcontains compare exactly")
    func predicates() throws {
        #expect(try call("startswith", s("hello world"), s("hello")) == b(true))
        #expect(try call("startswith", s("hello world"), s("world")) == b(false))
        #expect(try call("endswith", s("hello world"), s("world")) == b(true))
        #expect(try call("endswith", s("hello world"), s("hello")) == b(false))
        #expect(try call("strcontains", s("hello world"), s("wor")) == b(true))
        #expect(try call("strcontains", s("hello world"), s("wod")) == b(false))
    }

    @Test("replace substitutes every occurrence, or a /pattern/ with its groups")
    func replace() throws {
        #expect(try call("replace", s("1 + 2 + 3"), s("+"), s("-")) == s("1 - 2 - 3"))
        #expect(try call("replace", s("hello world"), s("/w.*d/"), s("everybody")) == s("hello everybody"))
        #expect(try call("replace", s("hello world"), s("/(\\w+) (\\w+)/"), s("$2 $1")) == s("world hello"))
        #expect(try call("replace", s("abc"), s("/(?P<x>b)/"), s("[${x}]")) == s("a[b]c"))
        #expect(try call("replace", s("abc"), s("/b/"), s("$$")) == s("a$c"))
        #expect(try call("replace", s("a/b"), s("/"), s("-")) == s("a-b"))
    }
}
