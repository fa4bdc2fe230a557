@testable import ARMTemplates
import PostureModel
import Testing

/// Expected values come from Microsoft's documentation ("template-functions-string", its samples in
/// Azure/azure-docs-json-samples), from Azure/bicep's evaluated baseline
/// src/Bicep.Core.Samples/Files/baselines_bicepparam/Expressions/parameters.json (Bicep evaluates it with
/// Microsoft's ARM expression engine), or from KingslandConsulting/Kingsland.ArmLinter's tests, whose expected
/// values and messages mirror Azure's responses. Cases without a citation check structure, not published values.
enum StringTesting {
    static func json(_ expression: String, parameters: [String: String] = [:]) throws -> String {
        try ExpressionTesting.json(expression, parameters: parameters)
    }

    /// True when the expression evaluates, without problems, to a value left unknown on purpose.
    static func isUnknown(_ expression: String, parameters: [String: String] = [:]) throws -> Bool {
        let outcome = try ExpressionTesting.evaluate(expression, parameters: parameters)
        return outcome.problems.isEmpty && outcome.value.isUnknown
    }

    static func error(_ expression: String, parameters: [String: String] = [:]) throws -> String {
        try #require(try ExpressionTesting.error(expression, parameters: parameters))
    }
}

@Suite("ARM string functions: startsWith, endsWith, join, padLeft, split, substring, trim")
struct StringFunctionTests {
    typealias T = StringTesting

    @Test(
        "startsWith and endsWith ignore case",
        arguments: [
            // azure-docs-json-samples azure-resource-manager/functions/string/startsendswith.json and the doc's outputs
            ("[startsWith('abcdef', 'ab')]", "true"), ("[startsWith('abcdef', 'A')]", "true"), ("[startsWith('abcdef', 'e')]", "false"),
            ("[endsWith('abcdef', 'ef')]", "true"), ("[endsWith('abcdef', 'F')]", "true"), ("[endsWith('abcdef', 'e')]", "false"),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_StartsWith.cs / _EndsWith.cs
            ("[startsWith('', '')]", "true"), ("[startsWith('abcdef', '')]", "true"), ("[endsWith('', '')]", "true"),
            // Azure/bicep Expressions baseline: startsWith('abc', 'a'), endsWith('foo', 'o')
            ("[startsWith('abc', 'a')]", "true"), ("[endsWith('foo', 'o')]", "true"),
            ("[startsWith('ab', 'abc')]", "false"), ("[endsWith('Ünïcode', 'ODE')]", "true"), ("[startsWith('Äpfel', 'äp')]", "true"),
        ])
    func affixes(_ expression: String, _ expected: String) throws {
        #expect(try T.json(expression) == expected)
    }

    @Test("startsWith and endsWith leave unknown what .NET versions or comparison modes decide differently")
    func dotlessI() throws {
        #expect(try T.isUnknown("[startsWith('ıx', 'I')]"))
        #expect(try T.json("[startsWith('ıx', 'ı')]") == "true")
        // Combining marks and ignorable characters compare differently under culture-aware comparison.
        #expect(try T.isUnknown("[endsWith('cafe\u{301}', 'é')]"))
        #expect(try T.isUnknown("[startsWith('a\u{AD}b', 'ab')]"))
    }

    @Test("startsWith and endsWith reject non-strings and wrong counts")
    func affixErrors() throws {
        #expect(try T.error("[startsWith(100, 200)]").contains("startsWith() expects a string as argument 1, got int"))
        #expect(try T.error("[endsWith('one', createArray('two'))]").contains("endsWith() expects a string as argument 2, got array"))
        #expect(try T.error("[startsWith('one')]").contains("startsWith() takes 2 arguments, got 1"))
    }

    @Test(
        "join joins strings with a delimiter",
        arguments: [
            // azure-docs-json-samples azure-resource-manager/functions/string/join.json
            ("[join(createArray('one', 'two', 'three'), ',')]", "\"one,two,three\""),
            ("[join(createArray('one', 'two', 'three'), ';')]", "\"one;two;three\""),
            // Azure/bicep Expressions baseline: join(['abc', 'def', 'ghi'], '/')
            ("[join(createArray('abc', 'def', 'ghi'), '/')]", "\"abc/def/ghi\""),
            ("[join(createArray(), ',')]", "\"\""), ("[join(createArray('solo'), ', ')]", "\"solo\""),
        ])
    func join(_ expression: String, _ expected: String) throws {
        #expect(try T.json(expression) == expected)
    }

    @Test("join rejects non-string elements and a non-string delimiter")
    func joinErrors() throws {
        #expect(try T.error("[join(createArray('a', 1), ',')]").contains("element 1 is int"))
        #expect(try T.error("[join('abc', ',')]").contains("join() expects an array as argument 1, got string"))
        #expect(try T.error("[join(createArray('a'), 1)]").contains("join() expects a string as argument 2, got int"))
    }

    @Test(
        "padLeft pads on the left up to the total length",
        arguments: [
            // template-functions-string#padleft: padLeft('123', 10, '0')
            ("[padLeft('123', 10, '0')]", "\"0000000123\""),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_PadLeft.cs
            ("[padLeft(100, 10, '0')]", "\"0000000100\""), ("[padLeft(-100, 10, '0')]", "\"000000-100\""),
            ("[padLeft('123', 10)]", "\"       123\""), ("[padLeft('123', 2, '0')]", "\"123\""),
            // Azure/bicep Expressions baseline: padLeft(13, 5)
            ("[padLeft(13, 5)]", "\"   13\""),
            ("[padLeft('', 3, '*')]", "\"***\""), ("[padLeft('abc', 16, '.')]", "\".............abc\""),
        ])
    func padLeft(_ expression: String, _ expected: String) throws {
        #expect(try T.json(expression) == expected)
    }

    @Test("padLeft enforces ARM's limits: a total length of 1 to 16 and a single padding character")
    func padLeftErrors() throws {
        // Kingsland.ArmLinter ArmExpressionEvaluatorTests_PadLeft.cs records Azure's limit of 16.
        #expect(try T.error("[padLeft(100, 17)]").contains("not greater than 16, got 17"))
        #expect(try T.error("[padLeft('123', -1, '0')]").contains("got -1"))
        #expect(try T.error("[padLeft('123', 0)]").contains("got 0"))
        #expect(try T.error("[padLeft(10, 15, '')]").contains("single character, got ''"))
        #expect(try T.error("[padLeft(10, 15, 'abc')]").contains("single character, got 'abc'"))
        #expect(try T.error("[padLeft(10, 15, 30)]").contains("expects a string as argument 3, got int"))
        #expect(try T.error("[padLeft(createArray(''), 10, '0')]").contains("expects a string or an integer as argument 1, got array"))
        #expect(try T.error("[padLeft('a')]").contains("padLeft() takes 2 to 3 arguments, got 1"))
    }

    @Test(
        "split splits on one delimiter or on any of several",
        arguments: [
            // azure-docs-json-samples azure-resource-manager/functions/string/split.json
            ("[split('one,two,three', ',')]", "[\"one\", \"two\", \"three\"]"),
            ("[split('one;two,three', createArray(',', ';'))]", "[\"one\", \"two\", \"three\"]"),
            // Azure/bicep Expressions baseline: split('a/b/c', '/')
            ("[split('a/b/c', '/')]", "[\"a\", \"b\", \"c\"]"),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_Split.cs
            ("[split('', '')]", "[\"\"]"),
            ("[split('one,two,three', createArray(''))]", "[\"one,two,three\"]"),
            ("[split('one,,,two;;;three', createArray(',', ';'))]", "[\"one\", \"\", \"\", \"two\", \"\", \"\", \"three\"]"),
            ("[split('one,two', createArray())]", "[\"one,two\"]"),
            (",a,", "[\"\", \"a\", \"\"]"),
            // .NET String.Split: at each position the first delimiter in the array that matches wins.
            ("[split('a<>b', createArray('<', '<>'))]", "[\"a\", \">b\"]"),
            ("[split('a<>b', createArray('<>', '<'))]", "[\"a\", \"b\"]"),
        ])
    func split(_ expression: String, _ expected: String) throws {
        let text = expression.hasPrefix("[") ? expression : "[split('\(expression)', ',')]"
        #expect(try T.json(text) == expected)
    }

    @Test("split and substring count a CRLF newline as two characters, as .NET does")
    func newlines() throws {
        #expect(try T.json("[split('a\r\nb\nc', '\n')]") == "[\"a\\r\", \"b\", \"c\"]")
        #expect(try T.json("[split('line1\r\nline2', '\r\n')]") == "[\"line1\", \"line2\"]")
        #expect(try T.json("[substring('a\r\nb', 1, 1)]") == "\"\\r\"")
        #expect(try T.json("[substring('a\r\nb', 2)]") == "\"\\nb\"")
    }

    @Test("split rejects non-string input and delimiters")
    func splitErrors() throws {
        #expect(try T.error("[split(100, ',')]").contains("split() expects a string as argument 1, got int"))
        #expect(try T.error("[split('a,b', 200)]").contains("expects a string or an array of strings as argument 2, got int"))
        #expect(try T.error("[split('a,b', createArray(',', 1))]").contains("a delimiter is int"))
        #expect(try T.error("[split('a,b')]").contains("split() takes 2 arguments, got 1"))
    }

    @Test(
        "substring takes a start index and an optional length",
        arguments: [
            // azure-docs-json-samples azure-resource-manager/functions/string/substring.json: substring('one two three', 4, 3)
            ("[substring('one two three', 4, 3)]", "\"two\""),
            // Azure/bicep Expressions baseline: substring('asdfasf', 3)
            ("[substring('asdfasf', 3)]", "\"fasf\""),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_Substring.cs
            ("[substring('', 0)]", "\"\""), ("[substring('one two three', 4)]", "\"two three\""),
            ("[substring('one two three', 4, 0)]", "\"\""), ("[substring('one', 1, 2)]", "\"ne\""),
            ("[substring('one', 3)]", "\"\""),
            // Indexes count UTF-16 units: the emoji is two.
            ("[substring('a😀b', 1, 2)]", "\"😀\""), ("[substring('a😀b', 3)]", "\"b\""),
        ])
    func substring(_ expression: String, _ expected: String) throws {
        #expect(try T.json(expression) == expected)
    }

    @Test("substring fails outside the string, as ARM does")
    func substringErrors() throws {
        // template-functions-string#substring: substring('1234567890', 0, 11) fails.
        #expect(try T.error("[substring('1234567890', 0, 11)]").contains("index 0, length 11, string length 10"))
        // Kingsland.ArmLinter ArmExpressionEvaluatorTests_Substring.cs
        #expect(try T.error("[substring('one two three', -1, 3)]").contains("cannot be less than zero, got -1"))
        #expect(try T.error("[substring('one two three', 99, 3)]").contains("index 99 is larger than the length of the string, 13"))
        #expect(try T.error("[substring('one two three', 3, -1)]").contains("length cannot be less than zero, got -1"))
        #expect(try T.error("[substring('one', 1, 3)]").contains("index 1, length 3, string length 3"))
        #expect(try T.error("[substring('one')]").contains("expects a string, a start index and optionally a length, got 1 argument"))
        #expect(try T.error("[substring(12, 0)]").contains("substring() expects a string as argument 1, got int"))
        #expect(try T.error("[substring('abc', '1')]").contains("substring() expects an integer as argument 2, got string"))
    }

    @Test("substring leaves unknown a cut through a surrogate pair, which .NET would leave broken")
    func substringSurrogates() throws {
        #expect(try T.isUnknown("[substring('a😀b', 1, 1)]"))
        #expect(try T.isUnknown("[substring('a😀b', 2)]"))
    }

    @Test(
        "trim removes leading and trailing whitespace, newlines included",
        arguments: [
            // azure-docs-json-samples azure-resource-manager/functions/string/trim.json
            ("[trim('    one two three   ')]", "\"one two three\""),
            // Azure/bicep Expressions baseline: trim('  adf asdf  ')
            ("[trim('  adf asdf  ')]", "\"adf asdf\""),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_Trim.cs
            ("[trim('')]", "\"\""),
            ("[trim('\r\n\t x y \u{00A0}\u{3000}\n')]", "\"x y\""), ("[trim('   ')]", "\"\""),
            ("[trim('\u{200B}x\u{200B}')]", "\"\u{200B}x\u{200B}\""),
        ])
    func trim(_ expression: String, _ expected: String) throws {
        #expect(try T.json(expression) == expected)
    }

    @Test("trim rejects a non-string")
    func trimErrors() throws {
        #expect(try T.error("[trim(100)]").contains("trim() expects a string as argument 1, got int"))
        #expect(try T.error("[trim('a', 'b')]").contains("trim() takes 1 argument, got 2"))
    }
}
