import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("Numeric functions") struct NumberFunctionTests {
    @Test("abs, ceil, floor and signum give the documented results")
    func roundingAndSign() throws {
        #expect(try call("abs", n(23)) == n(23))
        #expect(try call("abs", n(0)) == n(0))
        #expect(try call("abs", n(-12.4)) == n(12.4))
        #expect(try call("ceil", n(5)) == n(5))
        #expect(try call("ceil", n(5.1)) == n(6))
        #expect(try call("floor", n(5)) == n(5))
        #expect(try call("floor", n(4.9)) == n(4))
        #expect(try call("signum", n(-13)) == n(-1))
        #expect(try call("signum", n(0)) == n(0))
        #expect(try call("signum", n(344)) == n(1))
    }

    @Test("log, pow, max and min give the documented results")
    func arithmetic() throws {
        #expect(try call("log", n(50), n(10)) == n(1.6989700043360185))
        #expect(try call("log", n(16), n(2)) == n(4))
        #expect(try call("log", n(1), n(10)) == n(0))
        #expect(try call("pow", n(3), n(2)) == n(9))
        #expect(try call("pow", n(4), n(0)) == n(1))
        #expect(try call("max", n(12), n(54), n(3)) == n(54))
        #expect(try call("min", n(12), n(54), n(3)) == n(3))
        // Numeric strings convert, as a number parameter converts them.
        #expect(try call("max", s("7"), n(2)) == n(7))
        #expect(failure("max")?.description == "invalid arguments to max(): must pass at least one number")
    }

    @Test("parseint reads bases 2 to 62 and refuses digits outside the base")
    func parseInt() throws {
        #expect(try call("parseint", s("100"), n(10)) == n(100))
        #expect(try call("parseint", s("FF"), n(16)) == n(255))
        #expect(try call("parseint", s("-10"), n(16)) == n(-16))
        #expect(try call("parseint", s("1011111011101111"), n(2)) == n(48879))
        #expect(try call("parseint", s("aA"), n(62)) == n(656))
        #expect(failure("parseint", s("12"), n(2))?.description.contains("cannot parse \"12\" as a base 2 integer") == true)
        #expect(failure("parseint", s("1"), n(63))?.description.contains("between 2 and 62") == true)
        #expect(failure("parseint", n(10), n(10))?.description.contains("must be a string, not number") == true)
    }

    @Test("Wrong types name the type the parameter needs")
    func wrongTypes() {
        let error = failure("abs", s("x"))
        #expect(error?.isInvalidArguments == true)
        #expect(error?.description.contains("a number is required") == true)
        #expect(failure("ceil", t())?.description.contains("number required, got tuple") == true)
    }
}
