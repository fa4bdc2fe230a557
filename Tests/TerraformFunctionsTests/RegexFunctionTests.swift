import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("regex and regexall") struct RegexFunctionTests {
    @Test("The documented examples")
    func documented() throws {
        #expect(try call("regex", s("[a-z]+"), s("53453453.345345aaabbbccc23454")) == s("aaabbbccc"))
        #expect(try call("regex", s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")) == stringTuple("2019", "02", "01"))
        #expect(
            try call("regex", s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"), s("https://terraform.io/docs/"))
                == object(["scheme": s("https"), "authority": s("terraform.io")]))
        #expect(failure("regex", s("[a-z]+"), s("53453453.34534523454"))?.description.contains("did not match") == true)
        #expect(try call("regexall", s("[a-z]+"), s("1234abcd5678efgh9")) == strings("abcd", "efgh"))
        #expect(try call("length", try call("regexall", s("[a-z]+"), s("123456789"))) == n(0))
    }

    @Test("RE2 differences: names with underscores, unmatched groups are null, $ is the end of the text")
    func translation() throws {
        #expect(try call("regex", s("(?P<first_name>\\w+)"), s("hello")) == object(["first_name": s("hello")]))
        #expect(try call("regex", s("(a)?(b)"), s("b")) == t(.null, s("b")))
        #expect(failure("regex", s("a$"), s("a\n")) != nil)
        #expect(try call("regex", s("(?m)a$"), s("a\nb")) == s("a"))
        #expect(try call("regex", s("[[:digit:]]+"), s("ab12")) == s("12"))
    }

    @Test("Mixed named and unnamed groups and bad patterns are errors")
    func errors() {
        #expect(failure("regex", s("(?P<a>x)(y)"), s("xy"))?.description.contains("cannot mix both named and unnamed") == true)
        #expect(failure("regex", s("(unclosed"), s("x"))?.isInvalidArguments == true)
    }
}
