@testable import ARMTemplates
import PostureModel
import Testing

/// Expected values come from the examples on Microsoft Learn's "Array functions for ARM templates" page unless
/// a test says otherwise.
@Suite("ARM array functions")
struct ArrayFunctionTests {
    static let documented = [
        "stringToTest": #""OneTwoThree""#, "objectToTest": #"{"one": "a", "two": "b", "three": "c"}"#,
        "arrayToTest": #"["one", "two", "three"]"#, "names": #"["one", "two", "three"]"#, "numbers": "[4, 5, 6]",
        "collection": #"[["one", "two", "three"], [4, 5, 6]]"#, "duplicates": "[1, 2, 3, 1]",
        "items": #"["apple", "banana", "orange", "grape"]"#,
    ]

    static func value(_ expression: String) throws -> String {
        try ExpressionTesting.json(expression, parameters: documented)
    }

    /// Calls a function directly, for arguments (such as unknown elements) that template text cannot write.
    static func call(_ name: String, _ values: Value...) throws(FunctionError) -> Value {
        try FunctionLibrary.pure[name.lowercased()]!(Arguments(function: name, values: values))
    }

    static let unknown = Value.unknown("[reference('x').id]", reason: "known only at deployment")

    @Test(
        "array() wraps a single value and leaves an array alone",
        arguments: [
            ("[array(1)]", "[1]"), ("[array('efgh')]", #"["efgh"]"#),
            ("[array(createObject('a', 'b', 'c', 'd'))]", #"[{"a": "b", "c": "d"}]"#), ("[array(createArray(1, 2))]", "[1, 2]"),
        ])
    func array(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test(
        "contains() finds array elements deeply, object keys case-insensitively, substrings case-sensitively",
        arguments: [
            ("[contains(parameters('stringToTest'), 'e')]", "true"), ("[contains(parameters('stringToTest'), 'z')]", "false"),
            ("[contains(parameters('objectToTest'), 'one')]", "true"), ("[contains(parameters('objectToTest'), 'a')]", "false"),
            ("[contains(parameters('arrayToTest'), 'three')]", "true"), ("[contains(parameters('arrayToTest'), 'four')]", "false"),
            ("[contains(parameters('objectToTest'), 'ONE')]", "true"), ("[contains(parameters('stringToTest'), 'one')]", "false"),
            ("[contains(parameters('arrayToTest'), 'Three')]", "false"), ("[contains(parameters('numbers'), 5)]", "true"),
            ("[contains(parameters('numbers'), '5')]", "false"), ("[contains(parameters('collection'), parameters('numbers'))]", "true"),
            ("[contains('abc', '')]", "true"), ("[contains(createArray(), 1)]", "false"), ("[contains('a1', 1)]", "true"),
        ])
    func contains(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test(
        "first() and last() take an element or a character; empty arrays give null, empty strings ''",
        arguments: [
            ("[first(parameters('arrayToTest'))]", #""one""#), ("[first('One Two Three')]", #""O""#),
            ("[last(parameters('arrayToTest'))]", #""three""#), ("[last('One Two Three')]", #""e""#),
            ("[first(createArray())]", "null"), ("[last(createArray())]", "null"), ("[first('')]", #""""#), ("[last('')]", #""""#),
        ])
    func firstAndLast(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test("flatten() removes one level of nesting (Bicep documentation example)")
    func flatten() throws {
        #expect(
            try ExpressionTesting.json("[flatten(parameters('a'))]", parameters: ["a": #"[["one", "two"], ["three"], ["four", "five"]]"#])
                == #"["one", "two", "three", "four", "five"]"#)
        #expect(try Self.value("[flatten(createArray(createArray(createArray(1)), createArray()))]") == "[[1]]")
        #expect(try Self.value("[flatten(createArray())]") == "[]")
        #expect(try ExpressionTesting.error("[flatten(createArray(createArray(1), 2))]")?.contains("element 1 is int") == true)
    }

    @Test(
        "indexOf() and lastIndexOf() search arrays case-sensitively and deeply",
        arguments: [
            ("[lastIndexOf(parameters('names'), 'two')]", "1"), ("[indexOf(parameters('names'), 'one')]", "0"),
            ("[lastIndexOf(parameters('names'), 'Three')]", "-1"), ("[lastIndexOf(parameters('numbers'), 4)]", "0"),
            ("[indexOf(parameters('numbers'), 6)]", "2"), ("[lastIndexOf(parameters('numbers'), '5')]", "-1"),
            ("[indexOf(parameters('collection'), parameters('numbers'))]", "1"), ("[indexOf(parameters('duplicates'), 1)]", "0"),
            ("[lastIndexOf(parameters('duplicates'), 1)]", "3"), ("[indexOf(createArray(), 1)]", "-1"),
        ])
    func arrayIndex(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test(
        "indexOf() and lastIndexOf() search strings case-insensitively (string functions page)",
        arguments: [
            ("[indexOf('test', 't')]", "0"), ("[lastIndexOf('test', 't')]", "3"), ("[indexOf('abcdef', 'CD')]", "2"),
            ("[lastIndexOf('abcdef', 'AB')]", "0"), ("[indexOf('abcdef', 'z')]", "-1"), ("[indexOf('abc', '')]", "0"),
        ])
    func stringIndex(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test(
        "string forms count UTF-16 code units and compare ordinally, as .NET strings do",
        arguments: [
            ("[take('😀ab', 2)]", #""😀""#), ("[skip('😀ab', 2)]", #""ab""#), ("[indexOf('😀ab', 'B')]", "3"),
            ("[lastIndexOf('e\u{301}e', 'e')]", "2"), ("[contains('e\u{301}', 'e')]", "true"), ("[indexOf('ÄBC', 'äb')]", "0"),
            ("[indexOf('ı', 'I')]", "-1"), ("[indexOf('Straße', 'SSE')]", "-1"), ("[lastIndexOf('abc', '')]", "3"),
        ])
    func utf16Strings(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test(
        "cutting a string inside a surrogate pair gives an unknown, not a broken string",
        arguments: [
            "[first('😀')]", "[last('a😀')]", "[take('😀', 1)]", "[skip('😀', 1)]",
        ])
    func surrogateCuts(expression: String) throws {
        let outcome = try ExpressionTesting.evaluate(expression)
        #expect(outcome.value.isUnknown && outcome.problems.isEmpty)
    }

    @Test(
        "intersection() keeps common elements in the first argument's order, and equal properties",
        arguments: [
            (
                "[intersection(createObject('one', 'a', 'two', 'b', 'three', 'c'), createObject('one', 'a', 'two', 'z', 'three', 'c'))]",
                #"{"one": "a", "three": "c"}"#
            ),
            ("[intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))]", #"["two", "three"]"#),
            ("[intersection(createArray(1, 2, 3, 4), createArray(3, 2, 1), createArray(4, 1, 3, 2))]", "[1, 2, 3]"),
            ("[intersection(createArray(3, 2, 1), createArray(4, 1, 3, 2), createArray(1, 2, 3, 4))]", "[3, 2, 1]"),
            ("[intersection(createArray(1, 1, 2), createArray(1))]", "[1]"), ("[intersection(createArray(), createArray(1))]", "[]"),
            ("[intersection(createObject('Key', 1), createObject('kEY', 1))]", #"{"Key": 1}"#),
        ])
    func intersection(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test("union() dedupes arrays in order and merges objects, nested objects deeply and nested arrays not")
    func union() throws {
        #expect(
            try Self.value(
                "[union(createObject('one', 'a', 'two', 'b', 'three', 'c1'), createObject('three', 'c2', 'four', 'd', 'five', 'e'))]")
                == #"{"one": "a", "two": "b", "three": "c2", "four": "d", "five": "e"}"#)
        #expect(
            try Self.value("[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]")
                == #"["one", "two", "three", "four"]"#)
        let deep = [
            "first": #"{"property": {"one": "a", "two": "b", "three": "c1"}, "nestedArray": [1, 2]}"#,
            "second": #"{"property": {"three": "c2", "four": "d", "five": "e"}, "nestedArray": [3, 4]}"#,
            "firstArray": #"[["one", "two"], ["three"]]"#, "secondArray": #"[["three"], ["four", "two"]]"#,
        ]
        #expect(
            try ExpressionTesting.json("[union(parameters('first'), parameters('second'))]", parameters: deep)
                == #"{"property": {"one": "a", "two": "b", "three": "c2", "four": "d", "five": "e"}, "nestedArray": [3, 4]}"#)
        #expect(
            try ExpressionTesting.json("[union(parameters('firstArray'), parameters('secondArray'))]", parameters: deep)
                == #"[["one", "two"], ["three"], ["four", "two"]]"#)
        #expect(
            try Self.value("[union(createObject('Name', 1), createObject('NAME', 2), createObject('x', 3))]") == #"{"Name": 2, "x": 3}"#)
        #expect(try Self.value("[union(createArray(1, 1), createArray())]") == "[1]")
    }

    @Test("array and object arguments cannot be mixed in union() and intersection()", arguments: ["union", "intersection"])
    func mixedContainers(function: String) throws {
        let message = try ExpressionTesting.error("[\(function)(createArray(1), createObject('a', 1))]")
        #expect(message?.hasPrefix("\(function)() expects an array as argument 2, got object") == true)
        #expect(
            try ExpressionTesting.error("[\(function)(createArray(1))]")?.hasPrefix("\(function)() takes at least 2 arguments, got 1")
                == true)
    }

    @Test(
        "max() and min() take an array or a list of integers",
        arguments: [
            ("[max(parameters('a'))]", "5"), ("[max(0, 3, 2, 5, 4)]", "5"), ("[min(parameters('a'))]", "0"), ("[min(0, 3, 2, 5, 4)]", "0"),
            ("[max(-7)]", "-7"), ("[min(createArray(9223372036854775807, -9223372036854775807))]", "-9223372036854775807"),
        ])
    func extremes(expression: String, expected: String) throws {
        #expect(try ExpressionTesting.json(expression, parameters: ["a": "[0, 3, 2, 5, 4]"]) == expected)
    }

    @Test(
        "max() and min() reject empty arrays and non-integers",
        arguments: [
            ("[max(createArray())]", "max() needs at least one integer"), ("[min(1, 'two')]", "min() compares integers, got string"),
            ("[max(createArray(1), 2)]", "max() compares integers, got array"),
        ])
    func extremeErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "range() counts up from the start; count is 0...10000 and start + count at most 2147483647",
        arguments: [
            ("[range(5, 3)]", "[5, 6, 7]"), ("[range(0, 0)]", "[]"), ("[range(-3, 2)]", "[-3, -2]"),
            ("[range(2147483646, 1)]", "[2147483646]"),
        ])
    func range(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test(
        "range() reports out-of-range counts and ends",
        arguments: [
            ("[range(1, 10001)]", "range() count must be between 0 and 10000"),
            ("[range(0, -1)]", "range() count must be between 0 and 10000"),
            ("[range(2147483647, 1)]", "range() startIndex + count must be no greater than 2147483647"),
            ("[range(9223372036854775807, 1)]", "range() startIndex + count"),
            ("[range('1', 2)]", "range() expects an integer as argument 1, got string"),
        ])
    func rangeErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test(
        "skip() and take() work on arrays and strings, clamping counts",
        arguments: [
            ("[skip(parameters('arrayToTest'), 2)]", #"["three"]"#), ("[skip('one two three', 4)]", #""two three""#),
            ("[take(parameters('arrayToTest'), 2)]", #"["one", "two"]"#), ("[take('one two three', 2)]", #""on""#),
            ("[skip(parameters('arrayToTest'), -1)]", #"["one", "two", "three"]"#), ("[skip('abc', 10)]", #""""#),
            ("[take(parameters('arrayToTest'), 0)]", "[]"), ("[take('abc', 99)]", #""abc""#), ("[take(createArray(), 2)]", "[]"),
        ])
    func skipAndTake(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test("skip() and take() reject other containers and non-integer counts")
    func skipAndTakeErrors() throws {
        #expect(
            try ExpressionTesting.error("[skip(createObject('a', 1), 1)]")?.hasPrefix(
                "skip() expects an array or string as argument 1, got object") == true)
        #expect(try ExpressionTesting.error("[take('abc', 'x')]")?.hasPrefix("take() expects an integer as argument 2, got string") == true)
    }

    @Test("items() turns an object into key/value pairs sorted by key (object functions page)")
    func items() throws {
        let entities =
            #"{"item002": {"enabled": false, "displayName": "Example item 2", "number": 200}, "item001": {"enabled": true, "displayName": "Example item 1", "number": 300}}"#
        #expect(
            try ExpressionTesting.json("[items(parameters('entities'))]", parameters: ["entities": entities]) == #"""
                [{"key": "item001", "value": {"enabled": true, "displayName": "Example item 1", "number": 300}}, \#
                {"key": "item002", "value": {"enabled": false, "displayName": "Example item 2", "number": 200}}]
                """#)
        #expect(
            try Self.value("[items(createObject('b', 1, 'C', 2, 'a', 3))]")
                == #"[{"key": "a", "value": 3}, {"key": "b", "value": 1}, {"key": "C", "value": 2}]"#, "alphabetical, not code point order")
        #expect(try Self.value("[items(createObject())]") == "[]")
        #expect(
            try ExpressionTesting.error("[items(createArray())]")?.hasPrefix("items() expects an object as argument 1, got array") == true)
    }

    @Test(
        "tryGet() reads a property (case-insensitively) or element, and gives null when it is missing",
        arguments: [
            ("[tryGet(parameters('users'), 'region')]", "null"), ("[tryGet(parameters('users'), 'name')]", #""John Doe""#),
            ("[tryGet(parameters('colors'), 0)]", #""red""#), ("[tryGet(parameters('users'), 'NAME')]", #""John Doe""#),
            ("[tryGet(parameters('colors'), 2)]", "null"), ("[tryGet(parameters('colors'), -1)]", "null"),
            ("[tryGet(parameters('users'), 'address', 'city')]", #""Oslo""#), ("[tryGet(parameters('users'), 'region', 'city')]", "null"),
        ])
    func tryGet(expression: String, expected: String) throws {
        let parameters = ["users": #"{"name": "John Doe", "age": 30, "address": {"city": "Oslo"}}"#, "colors": #"["red", "green"]"#]
        #expect(try ExpressionTesting.json(expression, parameters: parameters) == expected)
    }

    @Test("tryGet() still requires the right kind of key")
    func tryGetErrors() throws {
        #expect(
            try ExpressionTesting.error("[tryGet(createObject('a', 1), 0)]")?.hasPrefix("tryGet() expects a string as argument 2, got int")
                == true)
        #expect(
            try ExpressionTesting.error("[tryGet(createArray(1), 'a')]")?.hasPrefix("tryGet() expects an integer as argument 2, got string")
                == true)
        #expect(
            try ExpressionTesting.error("[tryGet('text', 0)]")?.hasPrefix("tryGet() can look into an object or array, not string") == true)
    }

    @Test(
        "tryIndexFromEnd() counts from 1 at the end and gives null out of range; indexFromEnd() fails there",
        arguments: [
            ("[tryIndexFromEnd(parameters('items'), 2)]", #""orange""#), ("[tryIndexFromEnd(parameters('items'), 5)]", "null"),
            ("[tryIndexFromEnd(parameters('items'), 1)]", #""grape""#), ("[tryIndexFromEnd(parameters('items'), 0)]", "null"),
            ("[tryIndexFromEnd(createArray(), 1)]", "null"), ("[indexFromEnd(parameters('items'), 2)]", #""orange""#),
        ])
    func fromEnd(expression: String, expected: String) throws {
        #expect(try Self.value(expression) == expected)
    }

    @Test("indexFromEnd() reports an index outside the array")
    func indexFromEndError() throws {
        #expect(
            try ExpressionTesting.error("[indexFromEnd(createArray(1), 2)]")?.hasPrefix(
                "indexFromEnd() index 2 is outside an array of 1 element") == true)
    }

    @Test(
        "wrong argument counts and types are reported with the function's name",
        arguments: [
            ("[contains('a')]", "contains() takes 2 arguments, got 1"),
            ("[contains(1, 1)]", "contains() expects an array, object or string as argument 1, got int"),
            ("[contains(createObject('a', 1), true)]", "contains() expects a string or int key as argument 2, got bool"),
            ("[first(1)]", "first() expects an array or string as argument 1, got int"), ("[last()]", "last() takes 1 argument, got 0"),
            ("[indexOf(1, 1)]", "indexOf() expects an array as argument 1, got int"),
            ("[array(null())]", "array() expects an int, string, array or object"),
            ("[tryIndexFromEnd(createArray(1), 'a')]", "tryIndexFromEnd() expects an integer as argument 2, got string"),
        ])
    func argumentErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test("functions that inspect an unknown element answer unknown instead of guessing")
    func inspectingUnknowns() throws {
        let mixed = Value(.array([.string("a"), Self.unknown]))
        #expect(try Self.call("contains", mixed, .string("b")).isUnknown)
        #expect(try Self.call("contains", mixed, .string("a")) == Value(.bool(true)), "a known match decides regardless")
        #expect(try Self.call("indexOf", mixed, .string("b")).isUnknown)
        #expect(try Self.call("indexOf", mixed, .string("a")) == Value(.integer(0)), "the match comes before the unknown")
        #expect(try Self.call("lastIndexOf", mixed, .string("a")).isUnknown, "the unknown comes after the match")
        #expect(try Self.call("union", mixed, Value(.array([]))).isUnknown)
        #expect(try Self.call("intersection", mixed, Value(.array([.string("a")]))).isUnknown)
        #expect(try Self.call("max", Value(.array([Value(.integer(1)), Self.unknown]))).isUnknown)
        #expect(try Self.call("min", Value(.integer(1)), Value(.array([Self.unknown]))).isUnknown)
        #expect(try Self.call("flatten", Value(.array([Value(.array([])), Self.unknown]))).isUnknown)
        #expect(try Self.call("contains", Value(.array([.string("a")])), Value(.array([Self.unknown]))).isUnknown)
    }

    @Test("union() of objects keeps unknown values, and makes a property unknown only when its merge depends on one")
    func unionUnknownProperties() throws {
        let first = Value(
            .object([
                .init(key: "a", value: Value(.object([]))), .init(key: "b", value: .string("x")), .init(key: "c", value: Self.unknown),
            ]))
        let second = Value(
            .object([.init(key: "a", value: Self.unknown), .init(key: "b", value: Self.unknown), .init(key: "c", value: .string("y"))]))
        let merged = try Self.call("union", first, second)
        #expect(merged[member: "a"]?.isUnknown == true)
        #expect(merged[member: "b"]?.unknown == Self.unknown.unknown, "a scalar is replaced by whatever comes later")
        #expect(merged[member: "c"] == .string("y"))
        let intersection = try Self.call("intersection", Value(.object([.init(key: "k", value: Self.unknown)])), Value(.object([])))
        #expect(intersection == Value(.object([])), "a property missing elsewhere is dropped whatever its value")
    }

    @Test("functions that only move elements carry unknown elements along")
    func movingUnknowns() throws {
        let mixed = Value(.array([Self.unknown, .string("b")]))
        #expect(try Self.call("first", mixed).isUnknown)
        #expect(try Self.call("last", mixed) == .string("b"))
        #expect(try Self.call("skip", mixed, Value(.integer(1))) == Value(.array([.string("b")])))
        #expect(try Self.call("take", mixed, Value(.integer(1))) == Value(.array([Self.unknown])))
        #expect(try Self.call("flatten", Value(.array([mixed]))) == mixed)
        #expect(try Self.call("tryGet", mixed, Value(.integer(0))).isUnknown)
        #expect(try Self.call("contains", Value(.object([.init(key: "k", value: Self.unknown)])), .string("K")) == Value(.bool(true)))
        let items = try Self.call("items", Value(.object([.init(key: "k", value: Self.unknown)])))
        #expect(items.elements?.first?[member: "value"]?.isUnknown == true)
    }
}
