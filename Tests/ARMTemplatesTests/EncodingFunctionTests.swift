@testable import ARMTemplates
import PostureModel
import Testing

/// Expected values come from Microsoft's documentation ("template-functions-string" and its samples in
/// Azure/azure-docs-json-samples), from Azure/bicep's evaluated baselines under
/// src/Bicep.Core.Samples/Files/baselines_bicepparam/ (evaluated with Microsoft's ARM expression engine), from
/// KingslandConsulting/Kingsland.ArmLinter's tests (mirroring Azure's responses), and from RFC 4648 §10.
@Suite("ARM encoding functions: base64, base64ToString, base64ToJson, dataUri, dataUriToString")
struct EncodingFunctionTests {
    typealias T = StringTesting

    @Test(
        "base64 encodes UTF-8 with padding",
        arguments: [
            // azure-docs-json-samples azure-resource-manager/functions/string/base64.json and its documented output
            ("one, two, three", "b25lLCB0d28sIHRocmVl"),
            // RFC 4648 §10 test vectors
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
            // UTF-8 bytes C3 A9, and a CRLF newline's two bytes
            ("é", "w6k="), ("a\r\nb", "YQ0KYg=="),
        ])
    func base64(_ text: String, _ encoded: String) throws {
        #expect(try T.json("[base64('\(text)')]") == "\"\(encoded)\"")
        let decoded = try ExpressionTesting.evaluate("[base64ToString('\(encoded)')]")
        #expect(decoded.problems.isEmpty)
        #expect(decoded.value.stringValue == text)
    }

    @Test("base64ToString follows Convert.FromBase64String: whitespace ignored, padding required")
    func base64Decoding() throws {
        // Azure/bicep Expressions baseline: base64ToString(base64('abc'))
        #expect(try T.json("[base64ToString(base64('abc'))]") == "\"abc\"")
        #expect(try T.json("[base64ToString('Zm9v YmFy\n')]") == "\"foobar\"")
        // Azure/bicep Invalid_Expressions baseline: base64ToString(concat(base64('abc'), '@')) fails.
        #expect(try T.error("[base64ToString(concat(base64('abc'), '@'))]").contains("not valid base64"))
        #expect(try T.error("[base64ToString('Zm9vYg')]").contains("not valid base64"))
        #expect(try T.error("[base64ToString('Zm9v====')]").contains("not valid base64"))
        // Kingsland.ArmLinter ArmExpressionEvaluatorTests_Base64ToString.cs: integers and arrays are rejected.
        #expect(try T.error("[base64ToString(100)]").contains("base64ToString() expects a string as argument 1, got int"))
        #expect(try T.error("[base64(createArray(''))]").contains("base64() expects a string as argument 1, got array"))
        #expect(try T.error("[base64('a', 'b')]").contains("base64() takes 1 argument, got 2"))
        // 0xFF is not UTF-8; .NET would substitute U+FFFD, which is not modelled.
        #expect(try T.isUnknown("[base64ToString('/w==')]"))
    }

    @Test("base64ToJson parses the decoded JSON, accepting Newtonsoft's single-quoted strings")
    func base64ToJson() throws {
        // template-functions-string#base64tojson: base64ToJson(base64("{'one': 'a', 'two': 'b'}")) → {"one": "a", "two": "b"}
        #expect(try T.json("[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]") == "{\"one\": \"a\", \"two\": \"b\"}")
        // Azure/bicep Expressions baseline: base64ToJson(base64('{"hi": "there"}')).hi
        #expect(try T.json("[base64ToJson(base64('{\"hi\": \"there\"}')).hi]") == "\"there\"")
        #expect(try T.json("[base64ToJson(base64('[1, \"two\", null]'))]") == "[1, \"two\", null]")
        #expect(
            try T.json("[base64ToJson(base64('{''q'': ''say \"hi\"'', /* note: ''x'' */ ''n'': 1}'))]")
                == "{\"q\": \"say \\\"hi\\\"\", \"n\": 1}")
        #expect(try T.isUnknown("[base64ToJson(base64('not json'))]"))
        #expect(try T.error("[base64ToJson('%%%')]").contains("not valid base64"))
    }

    @Test(
        "dataUri writes strings as text/plain and other JSON as application/json",
        arguments: [
            // template-functions-string#datauri: dataUri('Hello')
            ("[dataUri('Hello')]", "data:text/plain;charset=utf8;base64,SGVsbG8="),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_DataUri.cs
            ("[dataUri('Hello, World!')]", "data:text/plain;charset=utf8;base64,SGVsbG8sIFdvcmxkIQ=="),
            ("[dataUri('the data:1234,5678')]", "data:text/plain;charset=utf8;base64,dGhlIGRhdGE6MTIzNCw1Njc4"),
            ("[dataUri(100)]", "data:application/json;charset=utf8;base64,MTAw"),
            ("[dataUri(2147483647)]", "data:application/json;charset=utf8;base64,MjE0NzQ4MzY0Nw=="),
            ("[dataUri(createArray(100, 200))]", "data:application/json;charset=utf8;base64,WzEwMCwyMDBd"),
            ("[dataUri(createArray('one', 'two'))]", "data:application/json;charset=utf8;base64,WyJvbmUiLCJ0d28iXQ=="),
            ("[dataUri(createArray('one', 200))]", "data:application/json;charset=utf8;base64,WyJvbmUiLDIwMF0="),
            ("[dataUri(dataUriToString('data:text/plain;base64,YWFh'))]", "data:text/plain;charset=utf8;base64,YWFh"),
            ("[dataUri('')]", "data:text/plain;charset=utf8;base64,"),
        ])
    func dataUri(_ expression: String, _ expected: String) throws {
        #expect(try T.json(expression) == "\"\(expected)\"")
    }

    @Test(
        "dataUriToString decodes base64 or URL-encoded data",
        arguments: [
            // template-functions-string#datauritostring and datauri.json
            ("data:;base64,SGVsbG8sIFdvcmxkIQ==", "Hello, World!"),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_DataUriToString.cs
            ("data:;base64,SGVsbG8=", "Hello"), ("data:application/json;base64,MTAw", "100"),
            ("data:application/json;charset=UTF-8;base64,MTAw", "100"),
            ("data:text/plain;charset=UTF-8;page=21,the%20data:1234,5678", "the data:1234,5678"),
            // Azure/bicep Expressions baseline: dataUriToString(dataUri('abc')) accepts the charset=utf8 dataUri writes.
            ("data:text/plain;charset=utf8;base64,YWJj", "abc"),
            ("DATA:,plain", "plain"), ("data:,", ""),
        ])
    func dataUriToString(_ uri: String, _ expected: String) throws {
        #expect(try T.json("[dataUriToString('\(uri)')]") == "\"\(expected)\"")
        #expect(try T.json("[dataUriToString(dataUri('\(expected)'))]") == "\"\(expected)\"")
    }

    @Test("dataUriToString rejects what is not a data URI")
    func dataUriToStringErrors() throws {
        // Azure/bicep Invalid_Expressions baseline: dataUriToString('Hi 0!') and a corrupted dataUri fail.
        #expect(try T.error("[dataUriToString('Hi 0!')]").contains("expects a data URI"))
        #expect(try T.error("[dataUriToString(concat(dataUri('abc'), '@'))]").contains("not valid base64"))
        // Kingsland.ArmLinter ArmExpressionEvaluatorTests_DataUriToString.cs
        #expect(try T.error("[dataUriToString('data:;foo=bar;base64,R0lGODdh')]").contains("expects a data URI"))
        #expect(try T.error("[dataUriToString('data:invalid datauri')]").contains("expects a data URI"))
        #expect(try T.error("[dataUriToString(100)]").contains("dataUriToString() expects a string as argument 1, got int"))
        #expect(try T.error("[dataUriToString()]").contains("dataUriToString() takes 1 argument, got 0"))
        #expect(try T.isUnknown("[dataUriToString('data:text/plain;charset=iso-8859-1,abc')]"))
        #expect(try T.isUnknown("[dataUri(true())]"))
    }
}
