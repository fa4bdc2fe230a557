@testable import ARMTemplates
import PostureModel
import Testing

/// `format` with .NET composite formatting and numeric format strings, and the URI functions. Citations as in
/// ``StringFunctionTests``; the .NET examples come from dotnet/docs docs/standard/base-types/
/// standard-numeric-format-strings.md and custom-numeric-format-strings.md (en-US examples whose text is the
/// same in the invariant culture).
@Suite("ARM format(): composite formatting and .NET numeric format strings")
struct FormatFunctionTests {
    typealias T = StringTesting

    @Test(
        "format fills placeholders",
        arguments: [
            // azure-docs-json-samples azure-resource-manager/functions/string/format.json and its documented output
            ("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]", "Hello, User. Formatted number: 8,175,133"),
            // Azure/bicep Expressions baseline: format('->{0}<-', 123)
            ("[format('->{0}<-', 123)]", "->123<-"),
            // Kingsland.ArmLinter ArmExpressionEvaluatorTests_Format.cs
            ("[format('aaa')]", "aaa"), ("[format('...{0}...', 'aaa')]", "...aaa..."),
            ("[format('...{0:N0}...', 100000)]", "...100,000..."),
            // .NET composite formatting: escaped braces, reuse and order of items, booleans and null as .NET prints them
            ("[format('{{{0}}}', 'x')]", "{x}"), ("[format('{1}{0}{1}', 'a', 'b')]", "bab"), ("[format('')]", ""),
            ("[format('{0}/{1}', true, false)]", "True/False"), ("[format('[{0}]', null())]", "[]"),
            ("[format('{0:N2}', 'text')]", "text"),
            // alignment: right with a positive width, left with a negative one, never truncating
            ("[format('[{0,5}]', 'ab')]", "[   ab]"), ("[format('[{0,-5}]', 'ab')]", "[ab   ]"), ("[format('[{0,2}]', 'abcd')]", "[abcd]"),
            ("[format('[{0, 9:N1}]', 1234)]", "[  1,234.0]"),
        ])
    func composite(_ expression: String, _ expected: String) throws {
        #expect(try T.json(expression) == "\"\(expected)\"")
    }

    @Test("format prints arrays and objects as compact JSON with single quotes")
    func containers() throws {
        // ARM's format() turns containers into Formatting.None JSON with '"' replaced by '\'' (Microsoft's
        // ExpressionBuiltInFunctions.TransformJTokenForOutput, as ported in its Azure Policy linter).
        #expect(try T.json("[format('{0}', createArray('a', 1, true))]") == "\"['a',1,true]\"")
        #expect(try T.json("[format('{0}', createObject('k', 'v'))]") == "\"{'k':'v'}\"")
    }

    @Test("format reports malformed format strings and missing values")
    func compositeErrors() throws {
        // Azure/bicep Invalid_Expressions baseline: format('->{123}<-', 123) fails (index out of range).
        #expect(try T.error("[format('->{123}<-', 123)]").contains("placeholder {123} but 1 value to format"))
        #expect(try T.error("[format('{0} {1}', 'a')]").contains("placeholder {1} but 1 value"))
        #expect(try T.error("[format('a } b')]").contains("a '}' without its '{'"))
        #expect(try T.error("[format('a { b')]").contains("must be followed by an argument index"))
        #expect(try T.error("[format('{0', 'x')]").contains("a '{' without its '}'"))
        #expect(try T.error("[format('{0,x}', 'x')]").contains("an alignment must be a number"))
        // Kingsland.ArmLinter: format(100) and format() are rejected.
        #expect(try T.error("[format(100)]").contains("format() expects a string as argument 1, got int"))
        #expect(try T.error("[format()]").contains("format() takes at least 1 argument"))
    }

    @Test(
        "standard numeric formats on integers and doubles",
        arguments: [
            ("D", "1234", "1234"), ("D6", "-1234", "-001234"),
            ("E", "1052.0329112756", "1.052033E+003"), ("e2", "-1052.0329112756", "-1.05e+003"),
            ("F", "1234.567", "1234.57"), ("F1", "1234", "1234.0"), ("F4", "-1234.56", "-1234.5600"),
            ("G", "-123.456", "-123.456"), ("G4", "123.4546", "123.5"), ("G", "-1.234567890e-25", "-1.23456789E-25"),
            ("N", "1234.567", "1,234.57"), ("N1", "1234", "1,234.0"), ("N3", "-1234.56", "-1,234.560"),
            ("P", "1", "100.00 %"), ("P1", "-0.39678", "-39.7 %"),
            ("X", "255", "FF"), ("x4", "255", "00ff"),
            // custom-numeric-format-strings.md
            ("00000", "1234.5678", "01235"), ("0.00", "0.45678", "0.46"), ("#####", "1234.5678", "1235"),
            ("#.##", "0.45678", ".46"), ("##,#", "2147483647", "2,147,483,647"), ("#,#", "1000", "1,000"),
            ("00", "34.5", "35"), ("####", "3", "3"),
        ])
    func numeric(_ format: String, _ number: String, _ expected: String) throws {
        #expect(try T.json("[format('{0:\(format)}', parameters('n'))]", parameters: ["n": number]) == "\"\(expected)\"")
    }

    @Test(
        "numbers without a format string print as .NET prints them",
        arguments: [
            ("8175133", "8175133"), ("-42", "-42"), ("1.5", "1.5"), ("2.0", "2"), ("0.0001", "0.0001"), ("0.00001", "1E-05"),
            ("100000000000000", "100000000000000"), ("1e15", "1E+15"),
        ])
    func defaults(_ number: String, _ expected: String) throws {
        #expect(try T.json("[format('{0}', parameters('n'))]", parameters: ["n": number]) == "\"\(expected)\"")
    }

    @Test("invariant-culture currency and integer-only formats")
    func currencyAndHex() throws {
        // NumberFormatInfo.InvariantInfo: currency symbol ¤, positive pattern "$n", negative pattern "($n)".
        #expect(try T.json("[format('{0:C}', 1234)]") == "\"¤1,234.00\"")
        #expect(try T.json("[format('{0:C0}', -5)]") == "\"(¤5)\"")
        // Int64 is what ARM holds integers as: -1 in hexadecimal is 64 bits of ones.
        #expect(try T.json("[format('{0:X}', -1)]") == "\"FFFFFFFFFFFFFFFF\"")
        #expect(try T.error("[format('{0:D}', parameters('n'))]", parameters: ["n": "1.5"]).contains("applies to integers only"))
        #expect(try T.error("[format('{0:X}', parameters('n'))]", parameters: ["n": "1.5"]).contains("applies to integers only"))
    }

    @Test(
        "formats whose .NET result is not modelled, or differs between .NET versions, stay unknown",
        arguments: [
            ("{0:#,#,,}", "2147483647"),  // number scaling
            ("{0:#0.0#;(#0.0#)}", "-12.345"),  // sections
            ("{0:0.0%}", "0.5"),  // custom percent
            ("{0:B}", "42"),  // binary exists only in .NET 8+
            ("{0:Z}", "42"),  // no such specifier: .NET throws, ARM's .NET version unknown
            ("{0:D100}", "5"),  // precision above 99 is refused by .NET Framework only
            ("{0:F2}", "0.125"),  // a tie: .NET Framework rounds away from zero, modern .NET to even
            ("{0:F2}", "1.005"),  // the double is just below the tie; .NET Framework sees 15 digits
            ("{0}", "0.30000000000000004"),  // 17 significant digits: .NET Framework prints 0.3
            ("{0:F0}", "-0.4"),  // negative zero result: "-0" only in modern .NET
            ("{0:R}", "5"),  // R on an integer
        ])
    func unsupported(_ format: String, _ number: String) throws {
        #expect(try T.isUnknown("[format('\(format)', parameters('n'))]", parameters: ["n": number]))
    }
}

@Suite("ARM URI functions: uri, uriComponent, uriComponentToString")
struct URIFunctionTests {
    typealias T = StringTesting

    @Test(
        "uri resolves a relative URI against a base",
        arguments: [
            // template-functions-string#uri examples
            ("http://contoso.org/firstpath", "myscript.sh", "http://contoso.org/myscript.sh"),
            ("http://contoso.org/firstpath/", "myscript.sh", "http://contoso.org/firstpath/myscript.sh"),
            ("http://contoso.org/firstpath/azuredeploy.json", "myscript.sh", "http://contoso.org/firstpath/myscript.sh"),
            ("http://contoso.org/firstpath/azuredeploy.json/", "myscript.sh", "http://contoso.org/firstpath/azuredeploy.json/myscript.sh"),
            // azure-docs-json-samples azure-resource-manager/functions/string/uri.json
            ("http://contoso.com/resources/", "nested/azuredeploy.json", "http://contoso.com/resources/nested/azuredeploy.json"),
            // Azure/bicep Expressions baseline: uri('https://github.com', 'Azure/bicep')
            ("https://github.com", "Azure/bicep", "https://github.com/Azure/bicep"),
            // RFC 3986 §5.4.1 normal examples, base http://a/b/c/d;p?q
            ("http://a/b/c/d;p?q", "g", "http://a/b/c/g"), ("http://a/b/c/d;p?q", "./g", "http://a/b/c/g"),
            ("http://a/b/c/d;p?q", "/g", "http://a/g"), ("http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"),
            ("http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y"), ("http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s"),
            ("http://a/b/c/d;p?q", "", "http://a/b/c/d;p?q"), ("http://a/b/c/d;p?q", "..", "http://a/b/"),
            ("http://a/b/c/d;p?q", "../g", "http://a/b/g"), ("http://a/b/c/d;p?q", "../../g", "http://a/g"),
        ])
    func uri(_ base: String, _ relative: String, _ expected: String) throws {
        #expect(try T.json("[uri('\(base)', '\(relative)')]") == "\"\(expected)\"")
    }

    @Test("uri rejects a base that is not an absolute URI, and leaves unusual URIs unknown")
    func uriEdges() throws {
        // Azure/bicep Invalid_Expressions baseline: uri('github.com', 'Azure/bicep') fails.
        #expect(try T.error("[uri('github.com', 'Azure/bicep')]").contains("uri() expects an absolute base URI"))
        #expect(try T.error("[uri('https://x/', 1)]").contains("uri() expects a string as argument 2, got int"))
        #expect(try T.isUnknown("[uri('ftp://contoso.org/a/', 'b')]"))
        #expect(try T.isUnknown("[uri('http://contoso.org/a b/', 'c')]"))
        #expect(try T.isUnknown("[uri('http://contoso.org/', 'a%20b')]"))
        #expect(try T.isUnknown("[uri('http://user@contoso.org/', 'a')]"))
    }

    @Test(
        "uriComponent escapes everything but RFC 3986 unreserved characters",
        arguments: [
            // azure-docs-json-samples uri.json and its documented output
            ("http://contoso.com/resources/nested/azuredeploy.json", "http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json"),
            // Azure/bicep Expressions baseline: uriComponent('UB*8h 0+=_)9h9n')
            ("UB*8h 0+=_)9h9n", "UB%2A8h%200%2B%3D_%299h9n"),
            ("", ""), ("AZaz09-._~", "AZaz09-._~"), ("é", "%C3%A9"), ("a\nb", "a%0Ab"),
        ])
    func uriComponent(_ input: String, _ expected: String) throws {
        #expect(try T.json("[uriComponent('\(input)')]") == "\"\(expected)\"")
    }

    @Test(
        "uriComponentToString decodes percent escapes as UTF-8",
        arguments: [
            // azure-docs-json-samples uri.json round trip
            ("http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json", "http://contoso.com/resources/nested/azuredeploy.json"),
            // Azure/bicep Expressions baseline: uriComponentToString('%20%25%20')
            ("%20%25%20", " % "),
            ("%C3%A9", "é"), ("%c3%a9", "é"), ("100%", "100%"), ("%zz", "%zz"), ("", ""),
        ])
    func uriComponentToString(_ input: String, _ expected: String) throws {
        #expect(try T.json("[uriComponentToString('\(input)')]") == "\"\(expected)\"")
    }

    @Test("uriComponentToString leaves unknown what .NET's decoders disagree on")
    func uriComponentToStringUnknowns() throws {
        #expect(try T.isUnknown("[uriComponentToString('a+b')]"))
        #expect(try T.isUnknown("[uriComponentToString('%u00e9')]"))
        #expect(try T.isUnknown("[uriComponentToString('%FF')]"))
        #expect(try T.error("[uriComponentToString(1)]").contains("expects a string as argument 1, got int"))
    }
}
