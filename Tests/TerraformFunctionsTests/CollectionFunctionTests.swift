import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Collection functions") struct CollectionFunctionTests {
    @Test("alltrue, anytrue, coalesce, coalescelist and compact give the documented results")
    func selection() throws {
        #expect(try call("alltrue", t(s("true"), b(true))) == b(true))
        #expect(try call("alltrue", t(b(true), b(false))) == b(false))
        #expect(try call("alltrue", t()) == b(true))
        #expect(try call("anytrue", t(s("true"))) == b(true))
        #expect(try call("anytrue", t(b(true), b(false))) == b(true))
        #expect(try call("anytrue", t()) == b(false))
        #expect(try call("coalesce", s("a"), s("b")) == s("a"))
        #expect(try call("coalesce", s(""), s("b")) == s("b"))
        #expect(try call("coalesce", n(1), n(2)) == n(1))
        #expect(try call("coalesce", n(1), s("hello")) == s("1"))
        #expect(failure("coalesce", n(1), t())?.description.contains("all arguments must have the same type") == true)
        #expect(try call("coalesce", .null, n(2), s("x")) == s("2"))
        #expect(failure("coalesce", .null, s(""))?.description.contains("no non-null, non-empty-string arguments") == true)
        #expect(try call("coalescelist", stringTuple("a", "b"), stringTuple("c", "d")) == stringTuple("a", "b"))
        #expect(try call("coalescelist", t(), stringTuple("c", "d")) == stringTuple("c", "d"))
        #expect(try call("compact", t(s("a"), s(""), s("b"), .null, s("c"))) == strings("a", "b", "c"))
    }

    @Test("concat, contains, distinct, element, index and length give the documented results")
    func access() throws {
        #expect(try call("concat", strings("a", ""), strings("b", "c")) == strings("a", "", "b", "c"))
        #expect(try call("concat", stringTuple("a"), t(n(1))) == t(s("a"), n(1)))
        #expect(try call("contains", stringTuple("a", "b", "c"), s("a")) == b(true))
        #expect(try call("contains", stringTuple("a", "b", "c"), s("d")) == b(false))
        #expect(try call("distinct", stringTuple("a", "b", "a", "c", "d", "b")) == strings("a", "b", "c", "d"))
        #expect(try call("distinct", t(s("1"), n(1), s("a"))) == strings("1", "a"))
        #expect(failure("distinct", t(s("a"), t()))?.description.contains("list of any single type required") == true)
        #expect(try call("element", stringTuple("a", "b", "c"), n(1)) == s("b"))
        #expect(try call("element", stringTuple("a", "b", "c"), n(3)) == s("a"))
        #expect(try call("element", stringTuple("a", "b", "c"), n(-1)) == s("c"))
        #expect(failure("element", t(), n(0))?.description.contains("empty list") == true)
        #expect(try call("index", stringTuple("a", "b", "c"), s("b")) == n(1))
        #expect(failure("index", stringTuple("a"), s("z"))?.description.contains("item not found") == true)
        #expect(try call("length", t()) == n(0))
        #expect(try call("length", stringTuple("a", "b")) == n(2))
        #expect(try call("length", map(["a": s("b")])) == n(1))
        #expect(try call("length", s("hello")) == n(5))
        #expect(try call("length", s("👾🕹️")) == n(2))
        #expect(failure("length", b(true))?.description.contains("must be a string, a collection type") == true)
    }

    @Test("chunklist, flatten, one, range, reverse, slice, sort and sum give the documented results")
    func reshaping() throws {
        #expect(
            try call("chunklist", stringTuple("a", "b", "c", "d", "e"), n(2))
                == list(list(s("a"), s("b")), list(s("c"), s("d")), list(s("e"))))
        #expect(try call("chunklist", stringTuple("a", "b"), n(1)) == list(list(s("a")), list(s("b"))))
        #expect(try call("flatten", t(stringTuple("a", "b"), t(), stringTuple("c"))) == strings("a", "b", "c"))
        #expect(try call("flatten", t(t(stringTuple("a", "b"), t()), stringTuple("c"))) == strings("a", "b", "c"))
        #expect(try call("one", t()) == .null)
        #expect(try call("one", stringTuple("hello")) == s("hello"))
        #expect(try call("one", TerraformValue.set([s("hello")])) == s("hello"))
        #expect(failure("one", stringTuple("hello", "goodbye"))?.description.contains("either zero or one elements") == true)
        #expect(try call("range", n(3)) == list(n(0), n(1), n(2)))
        #expect(try call("range", n(1), n(4)) == list(n(1), n(2), n(3)))
        #expect(try call("range", n(1), n(8), n(2)) == list(n(1), n(3), n(5), n(7)))
        #expect(try call("range", n(1), n(4), n(0.5)) == list(n(1), n(1.5), n(2), n(2.5), n(3), n(3.5)))
        #expect(try call("range", n(4), n(1)) == list(n(4), n(3), n(2)))
        #expect(try call("range", n(10), n(5), n(-2)) == list(n(10), n(8), n(6)))
        #expect(failure("range", n(1), n(5), n(0))?.description.contains("step must not be zero") == true)
        #expect(failure("range", n(1), n(5), n(-1))?.description.contains("end must be less than start") == true)
        #expect(failure("range", n(2000))?.description.contains("more than 1024 values") == true)
        #expect(try call("reverse", t(n(1), n(2), n(3))) == t(n(3), n(2), n(1)))
        #expect(failure("reverse", TerraformValue.set([n(1)]))?.description.contains("can only reverse list or tuple") == true)
        #expect(try call("slice", stringTuple("a", "b", "c", "d"), n(1), n(3)) == stringTuple("b", "c"))
        #expect(
            failure("slice", stringTuple("a"), n(0), n(2))?.description.contains("end index must not be greater than the length") == true)
        #expect(
            failure("slice", stringTuple("a", "b"), n(2), n(1))?.description.contains("start index must not be greater than end index")
                == true)
        #expect(try call("sort", stringTuple("e", "d", "a", "x")) == strings("a", "d", "e", "x"))
        #expect(try call("sort", t(n(10), n(9), n(1))) == strings("1", "10", "9"))
        #expect(try call("sum", t(n(10), n(13), n(6), n(4.5))) == n(33.5))
        #expect(failure("sum", t())?.description.contains("cannot sum an empty list") == true)
        #expect(failure("sum", stringTuple("x"))?.description.contains("of number values") == true)
    }
}
