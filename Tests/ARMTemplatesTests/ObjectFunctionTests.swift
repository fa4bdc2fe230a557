@testable import ARMTemplates
import PostureModel
import Testing

/// Expected values come from the examples on Microsoft Learn's "Object functions for ARM templates" page unless
/// a test says otherwise.
@Suite("ARM object functions")
struct ObjectFunctionTests {
    static func call(_ name: String, _ values: Value...) throws(FunctionError) -> Value {
        try FunctionLibrary.pure[name.lowercased()]!(Arguments(function: name, values: values))
    }

    @Test("createObject() builds an object from key/value pairs in order")
    func createObject() throws {
        let expression =
            "[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(), 'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', 'value1'))]"
        #expect(
            try ExpressionTesting.json(expression)
                == #"{"intProp": 1, "stringProp": "abc", "boolProp": true, "arrayProp": ["a", "b", "c"], "objectProp": {"key1": "value1"}}"#
        )
        #expect(try ExpressionTesting.json("[createObject()]") == "{}")
        #expect(try ExpressionTesting.json("[createObject('a', null())]") == #"{"a": null}"#)
    }

    @Test(
        "createObject() needs pairs, string keys and distinct (case-insensitive) keys",
        arguments: [
            ("[createObject('a')]", "createObject() takes pairs of key and value, got 1 argument"),
            ("[createObject('a', 1, 'b')]", "createObject() takes pairs of key and value, got 3 arguments"),
            ("[createObject(1, 'a')]", "createObject() expects a string as argument 1, got int"),
            ("[createObject('key', 1, 'KEY', 2)]", "createObject() was given the key 'KEY' twice"),
        ])
    func createObjectErrors(expression: String, message: String) throws {
        #expect(try ExpressionTesting.error(expression)?.hasPrefix(message) == true)
    }

    @Test("objectKeys() lists the keys in order")
    func objectKeys() throws {
        #expect(try ExpressionTesting.json("[objectKeys(parameters('obj'))]", parameters: ["obj": #"{"a": 1, "b": 2}"#]) == #"["a", "b"]"#)
        #expect(try ExpressionTesting.json("[objectKeys(createObject())]") == "[]")
        #expect(
            try ExpressionTesting.error("[objectKeys(createArray('a'))]")?.hasPrefix(
                "objectKeys() expects an object as argument 1, got array") == true)
        #expect(try ExpressionTesting.error("[objectKeys()]")?.hasPrefix("objectKeys() takes 1 argument, got 0") == true)
    }

    @Test("shallowMerge() merges only the top level: later properties win, nested objects are replaced")
    func shallowMerge() throws {
        let parameters = [
            "firstArray": #"[{"one": "a"}, {"two": "b"}, {"two": "c"}]"#,
            "secondArray": #"[{"one": "a", "nested": {"a": 1, "nested": {"c": 3}}}, {"two": "b", "nested": {"b": 2}}]"#,
        ]
        #expect(
            try ExpressionTesting.json("[shallowMerge(parameters('firstArray'))]", parameters: parameters) == #"{"one": "a", "two": "c"}"#)
        #expect(
            try ExpressionTesting.json("[shallowMerge(parameters('secondArray'))]", parameters: parameters)
                == #"{"one": "a", "nested": {"b": 2}, "two": "b"}"#)
        #expect(try ExpressionTesting.json("[shallowMerge(createArray())]") == "{}")
        #expect(try ExpressionTesting.json("[shallowMerge(createArray(createObject('Key', 1), createObject('KEY', 2)))]") == #"{"Key": 2}"#)
    }

    @Test("shallowMerge() needs an array of objects")
    func shallowMergeErrors() throws {
        #expect(
            try ExpressionTesting.error("[shallowMerge(createObject('a', 1))]")?.hasPrefix(
                "shallowMerge() expects an array as argument 1, got object") == true)
        #expect(
            try ExpressionTesting.error("[shallowMerge(createArray(createObject('a', 1), 'b'))]")?
                .hasPrefix("shallowMerge() expects an array of objects, but element 1 is string") == true)
    }

    @Test("unknown values are carried along; an unknown object in shallowMerge() makes the result unknown")
    func unknowns() throws {
        let unknown = Value.unknown("[reference('x')]", reason: "known only at deployment")
        let merged = try Self.call("shallowMerge", Value(.array([Value(.object([.init(key: "a", value: unknown)]))])))
        #expect(merged[member: "a"]?.isUnknown == true)
        #expect(try Self.call("shallowMerge", Value(.array([Value(.object([])), unknown]))).isUnknown)
        #expect(try Self.call("objectKeys", Value(.object([.init(key: "a", value: unknown)]))) == Value(.array([.string("a")])))
        #expect(try Self.call("createObject", .string("a"), Value(.array([unknown])))[member: "a"] == Value(.array([unknown])))
    }
}
