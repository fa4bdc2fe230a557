@testable import ARMTemplates
import PostureModel
import Testing

/// Expected values come from the examples on Microsoft Learn's numeric and comparison function pages unless a
/// test says otherwise.
@Suite("ARM numeric and comparison functions")
struct NumericFunctionTests {
    @Test(
        "add, sub, mul, div and mod on 64-bit integers (documented examples and truncating division)",
        arguments: [
            ("[add(5, 3)]", "8"), ("[sub(7, 3)]", "4"), ("[mul(5, 9)]", "45"), ("[div(8, 3)]", "2"), ("[mod(7, 3)]", "1"),
            ("[div(-7, 2)]", "-3"), ("[mod(-7, 2)]", "-1"), ("[mod(7, -2)]", "1"), ("[sub(3, 7)]", "-4"),
            ("[add(9223372036854775806, 1)]", "9223372036854775807"), ("[mul(-4611686018427387904, 2)]", "-9223372036854775808"),
            ("[div(-9223372036854775808, 1)]", "-9223372036854775808"), ("[add(2.0, 1)]", "3"),
        ])
    func arithmetic(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression) == expected)
    }

    @Test(
        "overflow and division by zero are errors, never crashes",
        arguments: [
            ("[add(9223372036854775807, 1)]", "add() overflows a 64-bit integer: 9223372036854775807 + 1"),
            ("[sub(-9223372036854775808, 1)]", "sub() overflows a 64-bit integer"),
            ("[mul(4611686018427387904, 2)]", "mul() overflows a 64-bit integer"),
            ("[div(-9223372036854775808, -1)]", "div() overflows a 64-bit integer"),
            ("[mod(-9223372036854775808, -1)]", "mod() overflows a 64-bit integer"),
            ("[div(1, 0)]", "div() cannot divide by zero"), ("[mod(1, 0)]", "mod() cannot divide by zero"),
        ])
    func arithmeticErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "arithmetic takes exactly two integers",
        arguments: [
            ("[add(1)]", "add() takes 2 arguments, got 1"), ("[mul(1, 2, 3)]", "mul() takes 2 arguments, got 3"),
            ("[sub('5', 1)]", "sub() expects an integer as argument 1, got string"),
            ("[div(1, 1.5)]", "div() expects an integer as argument 2, got float"),
            ("[mod(true, 1)]", "mod() expects an integer as argument 1, got bool"),
        ])
    func arithmeticArguments(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "int() converts strings and integers",
        arguments: [
            ("[int('4')]", "4"), ("[int(' -12 ')]", "-12"), ("[int(7)]", "7"), ("[int('+3')]", "3"),
            ("[int('9223372036854775807')]", "9223372036854775807"),
        ])
    func int(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression) == expected)
    }

    @Test(
        "int() reports text that is not a 64-bit integer, and other types",
        arguments: [
            ("[int('4.5')]", "int() cannot convert '4.5' to a 64-bit integer"), ("[int('abc')]", "int() cannot convert 'abc'"),
            ("[int('9223372036854775808')]", "int() cannot convert"), ("[int('')]", "int() cannot convert ''"),
            ("[int(createArray())]", "int() expects an integer as argument 1, got array"),
            ("[int(1.5)]", "int() expects an integer as argument 1, got float"),
        ])
    func intErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test("float() converts strings and integers to floating point")
    func float() throws {
        #expect(try ExpressionTesting.evaluate("[float('2.5')]").value.kind == .double(2.5))
        #expect(try ExpressionTesting.evaluate("[float(3)]").value.kind == .double(3))
        #expect(try ExpressionTesting.evaluate("[float('-0.125')]").value.kind == .double(-0.125))
        #expect(try ExpressionTesting.error("[float('abc')]")?.hasPrefix("float() cannot convert 'abc' to a number") == true)
        #expect(try ExpressionTesting.error("[float(true)]")?.hasPrefix("float() expects a string or int as argument 1, got bool") == true)
    }

    @Test(
        "greater, greaterOrEquals, less and lessOrEquals on the documented ints (1, 2) and strings ('A', 'a')",
        arguments: [
            ("greater", "false", "true"), ("greaterOrEquals", "false", "true"), ("less", "true", "false"),
            ("lessOrEquals", "true", "false"),
        ])
    func documentedComparisons(function: String, ints: String, strings: String) throws {
        #expect(try ExpressionTesting.json("[\(function)(1, 2)]") == ints)
        #expect(try ExpressionTesting.json("[\(function)('A', 'a')]") == strings)
    }

    @Test(
        "strings compare alphabetically before case, as .NET's culture-aware comparison does",
        arguments: [
            ("[less('a', 'B')]", "true"), ("[greater('b', 'A')]", "true"), ("[less('apple', 'apples')]", "true"),
            ("[greaterOrEquals('abc', 'abc')]", "true"), ("[lessOrEquals('abc', 'abc')]", "true"), ("[greater('abc', 'abc')]", "false"),
            ("[less('', 'a')]", "true"), ("[less('a10', 'a9')]", "true"),
        ])
    func stringOrder(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression) == expected)
    }

    @Test(
        "hyphens and apostrophes compare alike on .NET's two sorts where they line up, as in dates and versions",
        arguments: [
            ("[greater('2021-03-01', '2020-12-31')]", "true"), ("[less('2023-01-01-preview', '2023-01-01')]", "false"),
            ("[greaterOrEquals('v1-beta', 'v1-beta')]", "true"),
        ])
    func alignedPunctuation(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression) == expected)
    }

    @Test("where the ICU and Windows word sorts disagree on a hyphen, the comparison is unknown")
    func punctuationDisagreement() throws {
        let outcome = try ExpressionTesting.evaluate("[less('a-c', 'ab')]")
        #expect(outcome.value.isUnknown && outcome.problems.isEmpty)
    }

    @Test(
        "numbers compare by value, including negative, large and floating-point values",
        arguments: [
            ("[greater(2, 2)]", "false"), ("[greaterOrEquals(2, 2)]", "true"), ("[less(-5, -4)]", "true"),
            ("[greater(9223372036854775807, 9223372036854775806)]", "true"), ("[greater(2.5, 2)]", "true"),
            ("[lessOrEquals(2, 2.0)]", "true"),
        ])
    func numberOrder(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression) == expected)
    }

    @Test(
        "comparisons need two numbers or two strings",
        arguments: [
            ("[greater(1, '1')]", "greater() compares two numbers or two strings, got int and string"),
            ("[less(true, false)]", "less() compares two numbers or two strings, got bool and bool"),
            ("[lessOrEquals(createArray(), createArray())]", "lessOrEquals() compares two numbers or two strings, got array and array"),
            ("[greaterOrEquals(1)]", "greaterOrEquals() takes 2 arguments, got 1"),
        ])
    func comparisonErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }
}
