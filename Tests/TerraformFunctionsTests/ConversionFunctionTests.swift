import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Type conversion and sensitivity") struct ConversionFunctionTests {
    @Test("tobool, tonumber and tostring convert as documented; null stays null")
    func primitives() throws {
        #expect(try call("tobool", b(true)) == b(true))
        #expect(try call("tobool", s("true")) == b(true))
        #expect(try call("tobool", .null) == .null)
        #expect(failure("tobool", s("no"))?.description.contains("only the strings \"true\" or \"false\" are allowed") == true)
        #expect(failure("tobool", n(1))?.description.contains("cannot convert number to bool") == true)
        #expect(try call("tonumber", n(1)) == n(1))
        #expect(try call("tonumber", s("1")) == n(1))
        #expect(try call("tonumber", .null) == .null)
        #expect(failure("tonumber", s("no"))?.description.contains("must be a decimal representation of a number") == true)
        #expect(try call("tonumber", s("-1.5e3")) == n(-1500))
        #expect(try call("tonumber", s(".5")) == n(0.5))
        for text in ["0x10", "inf", "1e", "", "1.2.3", " 1"] {
            #expect(failure("tonumber", s(text))?.isInvalidArguments == true, "\(text)")
        }
        #expect(try call("tostring", s("hello")) == s("hello"))
        #expect(try call("tostring", n(1)) == s("1"))
        #expect(try call("tostring", n(0.0000001)) == s("0.0000001"))
        #expect(try call("tostring", b(true)) == s("true"))
        #expect(try call("tostring", .null) == .null)
        #expect(failure("tostring", t())?.description.contains("cannot convert tuple to string") == true)
    }

    @Test("tolist, toset and tomap unify element types as Terraform does")
    func collections() throws {
        #expect(try call("tolist", stringTuple("a", "b", "c")) == strings("a", "b", "c"))
        #expect(try call("tolist", t(s("a"), s("b"), n(3))) == strings("a", "b", "3"))
        #expect(failure("tolist", t(s("a"), t())) != nil)
        #expect(try call("toset", stringTuple("a", "b", "c")) == .set([s("a"), s("b"), s("c")]))
        #expect(try call("toset", t(s("a"), s("b"), n(3))) == .set([s("3"), s("a"), s("b")]))
        #expect(try call("toset", stringTuple("c", "b", "b")) == .set([s("b"), s("c")]))
        #expect(try call("tomap", object(["a": n(1), "b": n(2)])) == map(["a": n(1), "b": n(2)]))
        #expect(try call("tomap", object(["a": s("foo"), "b": b(true)])) == map(["a": s("foo"), "b": s("true")]))
        #expect(failure("tomap", stringTuple("a"))?.description.contains("cannot convert tuple to map") == true)
        // Objects with different attributes unify to a map of maps.
        let nested = try call("tomap", object(["x": object(["a": n(1)]), "y": object(["b": n(2)])]))
        #expect(nested == map(["x": map(["a": n(1)]), "y": map(["b": n(2)])]))
    }

    @Test("sensitive marks, nonsensitive unmarks, issensitive tells")
    func sensitivity() throws {
        let secret = try call("sensitive", s("hunter2"))
        #expect(secret.isSensitive)
        #expect(secret.rendered == "(sensitive value)")
        #expect(try call("nonsensitive", secret).isSensitive == false)
        #expect(try call("nonsensitive", s("plain")) == s("plain"))
        #expect(try call("issensitive", secret) == b(true))
        #expect(try call("issensitive", s("plain")) == b(false))
        #expect(try call("issensitive", secret).isSensitive == false)
        #expect(try call("issensitive", unknown()).isUnknown)
        // No value here is ephemeral, so ephemeralasnull gives each one back.
        #expect(try call("ephemeralasnull", s("x")) == s("x"))
        #expect(try call("ephemeralasnull", .null) == .null)
    }
}
