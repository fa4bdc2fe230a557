import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Map and set functions") struct MapFunctionTests {
    @Test("keys, values, lookup, matchkeys, merge, transpose and zipmap give the documented results")
    func maps() throws {
        #expect(try call("keys", object(["a": n(1), "c": n(2), "d": n(3)])) == stringTuple("a", "c", "d"))
        #expect(try call("keys", map(["b": n(1), "a": n(2)])) == strings("a", "b"))
        #expect(try call("values", map(["a": n(3), "c": n(2), "d": n(1)])) == list(n(3), n(2), n(1)))
        #expect(try call("lookup", object(["a": s("ay"), "b": s("bee")]), s("a"), s("what?")) == s("ay"))
        #expect(try call("lookup", object(["a": s("ay"), "b": s("bee")]), s("c"), s("what?")) == s("what?"))
        #expect(try call("lookup", object(["a": s("ay")]), s("a")) == s("ay"))
        #expect(failure("lookup", object(["a": s("ay")]), s("c"))?.description.contains("lookup failed to find key \"c\"") == true)
        #expect(failure("lookup", s("x"), s("c"))?.description.contains("requires a map") == true)
        #expect(
            try call(
                "matchkeys", stringTuple("i-123", "i-abc", "i-def"), stringTuple("us-west", "us-east", "us-east"), stringTuple("us-east"))
                == stringTuple("i-abc", "i-def").converted(to: .list(.string)))
        #expect(
            try call("merge", object(["a": s("b"), "c": s("d")]), object(["e": s("f"), "c": s("z")]))
                == object(["a": s("b"), "c": s("z"), "e": s("f")]))
        #expect(
            try call("merge", object(["a": s("b")]), object(["a": t(n(1), n(2)), "c": s("z")]), object(["d": n(3)]))
                == object(["a": t(n(1), n(2)), "c": s("z"), "d": n(3)]))
        #expect(try call("merge", map(["a": s("x")]), .null, map(["b": s("y")])) == map(["a": s("x"), "b": s("y")]))
        #expect(failure("merge", t())?.description.contains("arguments must be maps or objects") == true)
        #expect(
            try call("transpose", object(["a": stringTuple("1", "2"), "b": stringTuple("2", "3")]))
                == map(["1": strings("a"), "2": strings("a", "b"), "3": strings("b")]))
        #expect(try call("zipmap", strings("a", "b"), list(n(1), n(2))) == map(["a": n(1), "b": n(2)]))
        #expect(try call("zipmap", stringTuple("a", "b"), t(n(1), s("x"))) == object(["a": n(1), "b": s("x")]))
        #expect(
            failure("zipmap", strings("a"), list())?.description.contains("number of keys (1) does not match number of values (0)") == true)
    }

    @Test("Set functions return sets in Terraform's order")
    func sets() throws {
        #expect(try call("setintersection", stringTuple("a", "b"), stringTuple("b", "c"), stringTuple("b", "d")) == .set([s("b")]))
        #expect(try call("setsubtract", stringTuple("a", "b", "c"), stringTuple("a", "c")) == .set([s("b")]))
        #expect(try call("setsubtract", stringTuple("a", "b", "c"), stringTuple("a", "b", "c")) == .set([]))
        #expect(
            try call("setunion", stringTuple("a", "b"), stringTuple("b", "c"), stringTuple("d")) == .set([s("a"), s("b"), s("c"), s("d")]))
        #expect(try call("setunion", t(n(10), n(2)), stringTuple("a")) == .set([s("10"), s("2"), s("a")]))
        let product = try call("setproduct", stringTuple("development", "staging", "production"), stringTuple("app1", "app2"))
        #expect(product.elements?.count == 6)
        #expect(product.elements?.first == stringTuple("development", "app1"))
        #expect(product.elements?.last == stringTuple("production", "app2"))
        #expect(try call("setproduct", stringTuple("staging"), t()) == list())
        #expect(
            try call("setproduct", TerraformValue.set([s("a")]), TerraformValue.set([s("x"), s("y")])).kind
                == TerraformValue.set([stringTuple("a", "x"), stringTuple("a", "y")]).kind)
        #expect(failure("setproduct", stringTuple("a"))?.description.contains("at least two arguments") == true)
    }
}
