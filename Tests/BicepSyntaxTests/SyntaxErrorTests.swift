import BicepSyntax
import SourceModel
import Testing

@Suite("Bicep syntax errors")
struct SyntaxErrorTests {
    func errors(_ text: String, file: String = "main.bicep") -> [String] {
        SyntaxTree(parsing: text, file: file).errors.map(\.description)
    }

    @Test("a missing closer names the opener's position and what was found")
    func unclosedBrackets() {
        #expect(errors("var x = concat('a',\n  'b'\n") == ["2:6: expected ')' to close the call opened at 1:15, found newline"])
        #expect(errors("var x = concat('a' 'b')\n") == ["1:20: expected ',' or ')' to close the call opened at 1:15, found string 'b'"])
        #expect(errors("var x = (1 + 2\nvar y = 1\n") == ["1:15: expected ')' to close the parenthesis opened at 1:9, found newline"])
        #expect(errors("var x = a[0\n") == ["1:12: expected ']' to close the index opened at 1:10, found newline"])
        #expect(errors("var x = [\n  1\n") == ["3:1: expected ']' to close the array opened at 1:9, found end of file"])
        #expect(errors("var x = {\n  a: 1\n") == ["3:1: expected '}' to close the object opened at 1:9, found end of file"])
        #expect(errors("var x = [for x in y: x\n") == ["2:1: expected ']' to close the for-expression opened at 1:9, found end of file"])
    }

    @Test("errors are diagnostics with file:line:column, code, expected and found")
    func diagnosticShape() throws {
        let tree = SyntaxTree(parsing: "param p string =\n", file: "infra/main.bicep")
        let error = try #require(tree.errors.first)
        #expect(error.code == .unexpectedToken)
        #expect(error.expected == "an expression")
        #expect(error.found == "newline")
        #expect(error.range.start == SourcePosition(line: 1, column: 17))
        #expect(tree.diagnostics.map(\.description) == ["infra/main.bicep:1:17: expected an expression, found newline"])
        #expect(tree.diagnostics.first?.code == .bicepSyntax)
        #expect(tree.diagnostics.first?.severity == .error)
    }

    @Test("parsing resumes at the next declaration, so every bad declaration is reported and the good ones kept")
    func recoveryAcrossDeclarations() {
        let tree = SyntaxTree(
            parsing: """
                param ok string
                param bad string = 1 +
                var fine = 1
                resource r 'A/b@1' = {
                  name: 'x'
                  properties: {
                    a: 1 +
                    b: 2
                  }
                }
                output o int = fine
                var broken = [1 2]
                output last string = 'end'
                """, file: "main.bicep")
        #expect(
            tree.errors.map(\.description) == [
                "2:23: expected an expression, found newline",
                "7:11: expected an expression, found newline",
                "12:17: expected newline or ',' after the array item, found integer 2",
            ])
        #expect(tree.declarations.compactMap(\.name?.name) == ["ok", "fine", "r", "o", "broken", "last"])
        guard case .resource(let resource) = tree.declarations[2].kind else { return #expect(Bool(false)) }
        #expect(resource.body.object.map(render) == "{name:'x' properties:{b:2}}")
    }

    @Test("an unclosed bracket does not swallow the declarations after it")
    func unclosedBracketStopsAtNextDeclaration() {
        let tree = SyntaxTree(parsing: "var a = foo(1,\n  2\nparam b string\noutput c string = 'c'\n", file: "main.bicep")
        #expect(tree.errors.map(\.description) == ["2:4: expected ')' to close the call opened at 1:12, found newline"])
        #expect(tree.declarations.compactMap(\.name?.name) == ["b", "c"])
        let array = SyntaxTree(parsing: "var a = [\n  1\n@description('d')\nparam b string\n", file: "main.bicep")
        #expect(array.errors.map(\.description) == ["2:4: expected ']' to close the array opened at 1:9, found newline"])
        #expect(array.declarations.compactMap(\.name?.name) == ["b"])
    }

    @Test("declarations must end their line; decorators need a declaration")
    func lineStructure() {
        #expect(errors("var a = 1 var b = 2\n") == ["1:11: expected a newline after the declaration, found identifier 'var'"])
        #expect(errors("@description('x') param a string\n") == ["1:19: expected a newline after the decorator, found identifier 'param'"])
        #expect(errors("@description('x')\n\n") == ["3:1: expected a declaration after the decorators, found end of file"])
        #expect(errors("foo = 1\n") == ["1:1: expected a declaration, found identifier 'foo'"])
        #expect(errors("param a string 'x'\n") == ["1:16: expected '=' and a default value, or a newline, found string 'x'"])
        #expect(errors("resource r 'A/b@1' = 'x'\n") == ["1:22: expected '{', 'if' or '[for' for the body, found string 'x'"])
        #expect(
            errors("module m = {}\n") == ["1:10: expected a module path string ('./child.bicep', 'br/public:...', 'ts:...'), found '='"])
    }

    @Test("separators: a comma may not end a line; items need a comma or a line between them")
    func separators() {
        #expect(
            errors("var a = [1,\n  2]\n") == [
                "1:12: expected the next array item on the same line after ','; separate items by commas or by lines, not both, found newline"
            ])
        #expect(errors("var a = { x: 1 y: 2 }\n") == ["1:16: expected newline or ',' after the property, found identifier 'y'"])
        #expect(errors("var a = f(1,)\n") == ["1:13: expected an argument after ',', found ')'"])
        #expect(errors("var a = f(1\n  2)\n") == ["1:12: expected ',' between arguments, found newline"])
    }

    @Test("lexical errors: strings, escapes, characters, comments, integers, identifiers, pragmas")
    func lexicalErrors() {
        #expect(errors("var a = 'open\n") == ["1:14: string is not closed before the end of the line"])
        #expect(errors("var a = 'open") == ["1:14: string is not closed before the end of the file"])
        #expect(errors("var a = '${b\n") == ["1:13: string interpolation is not closed before the end of the line"])
        #expect(errors("var a = '\\q'\n") == [#"1:10: unrecognized escape sequence '\q'; Bicep knows \' \\ \n \r \t \$ and \u{...}"#])
        #expect(errors("var a = '\\u{110000}'\n") == [#"1:10: invalid Unicode escape; write \u{hex digits} with a value up to 10FFFF"#])
        #expect(errors("var a = '\\u{}'\n") == [#"1:10: invalid Unicode escape; write \u{hex digits} with a value up to 10FFFF"#])
        #expect(
            errors("var a = \"x\"\n") == [
                "1:9: unrecognized character '\"': Bicep strings use single quotes",
                "1:11: unrecognized character '\"': Bicep strings use single quotes",
            ])
        #expect(errors("var a = 1 # 2\n") == ["1:11: unrecognized character '#'"])
        #expect(errors("var a = 1 /* open\n") == ["1:11: comment opened with /* is not closed before the end of the file"])
        #expect(errors("var a = 99999999999999999999\n") == ["1:9: integer 99999999999999999999 is too large"])
        #expect(errors("var a = '''open\n") == ["2:1: multi-line string is not closed with ''' before the end of the file"])
        #expect(
            errors("#disable-next-line\nvar a = 1\n") == [
                "1:1: #disable-next-line needs at least one diagnostic code: #disable-next-line code1 code2 ..."
            ])
        let longName = String(repeating: "a", count: 256)
        #expect(errors("var \(longName) = 1\n") == ["1:5: identifier is 256 characters long; Bicep allows at most 255"])
        #expect(
            SyntaxTree(parsing: [0x76, 0x61, 0x72, 0x20, 0x61, 0x20, 0x3D, 0x20, 0x27, 0xFF, 0x27, 0x0A], file: "m.bicep").errors.map(
                \.code) == [.invalidUTF8])
    }

    @Test("expression-level mistakes the compiler refuses")
    func expressionMistakes() {
        #expect(errors("var a = !!b\n") == ["1:10: expected an expression, found '!'"])
        #expect(
            errors("var a = '${[1]}'\n") == [
                "1:12: expected an expression; objects and arrays are not allowed inside string interpolation or here, found '['"
            ])
        #expect(errors("var a = b[]\n") == ["1:11: expected an index expression; '[]' is empty, found ']'"])
        #expect(errors("var a = b.?c()\n") == ["1:11: expected '.' before a function call ('.?' applies to properties only), found '?'"])
        #expect(errors("var a = (1, 2)\n") == ["1:9: expected exactly one expression in parentheses, found 2"])
        #expect(errors("var a = (1 + 2) => 3\n") == ["1:10: expected a lambda parameter name, found an expression"])
        #expect(errors("var a = [for (x) in y: x]\n") == ["1:16: expected ',' and the index variable of '(item, index)', found ')'"])
        #expect(errors("var a = b ? c\n") == ["1:14: expected ':' for the false branch of the '?' operator, found newline"])
        #expect(errors("type t = 'a' |\n") == ["1:15: expected a type after '|', found newline"])
        #expect(errors("import foo from 'x'\n") == ["1:8: expected '{' with the symbols to import, or '* as name', found identifier 'foo'"])
        #expect(errors("import { 'a-b' } from 'x'\n") == ["1:16: expected 'as' and an alias (a quoted symbol name needs one), found '}'"])
    }

    @Test("deep nesting is refused with a named limit, never a stack overflow")
    func nestingLimit() {
        let depth = 10_000
        for (open, close) in [("(", ")"), ("[", "]"), ("{a:", "}"), ("'${", "}'")] {
            let text =
                "var deep = " + String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth) + "\nvar after = 1\n"
            let tree = SyntaxTree(parsing: text, file: "main.bicep")
            #expect(tree.errors.map(\.code) == [.nestingTooDeep], "\(open): \(tree.errors.prefix(3).map(\.description))")
            #expect(tree.errors.first?.message.contains("more than \(SyntaxTree.maximumNestingDepth)") == true)
            #expect(tree.diagnostics.first?.code == .bicepNestingTooDeep)
            #expect(tree.declarations.compactMap(\.name?.name) == ["after"])
        }
        let types = "type t = " + String(repeating: "(", count: depth) + "int" + String(repeating: ")", count: depth) + "\n"
        #expect(SyntaxTree(parsing: types, file: "main.bicep").errors.map(\.code) == [.nestingTooDeep])
        let resources = String(repeating: "  resource r 'a' = {\n", count: 500) + String(repeating: "  }\n", count: 500)
        #expect(
            SyntaxTree(parsing: "resource top 'A/b@1' = {\n" + resources + "}\n", file: "main.bicep").errors.map(\.code) == [
                .nestingTooDeep
            ])
        let ternaries = "var t = " + String(repeating: "a ? b : ", count: depth) + "c\n"
        #expect(SyntaxTree(parsing: ternaries, file: "main.bicep").errors.map(\.code) == [.nestingTooDeep])
        let fine = "var ok = " + String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50) + "\n"
        #expect(SyntaxTree(parsing: fine, file: "main.bicep").errors.isEmpty)
    }
}
