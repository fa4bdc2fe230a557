import HCLSyntax
import SourceModel
import Testing

@Suite("HCL syntax errors")
struct ErrorTests {
    @Test("two errors in one file are both reported with file:line:column, and the rest of the body is still parsed")
    func recovery() throws {
        let file = HCLFile(
            parsing: """
                resource "a" "b" {
                  good = 1
                  bad = 1 +
                  other = [1, 2]
                  worse = = 3
                  last = "ok"
                }
                variable "v" {}
                """, file: "main.tf")
        #expect(file.errors.count == 2)
        #expect(file.errors.map(\.range.start.line) == [4, 5])
        #expect(file.diagnostics.first?.description.hasPrefix("main.tf:4:") == true)
        #expect(file.errors[1].message == "expected an expression, found '='")
        let resource = try #require(file.body.blocks.first)
        #expect(resource.body.attributes.map(\.name.text) == ["good", "last"])
        #expect(file.body.blocks.map(\.type.text) == ["resource", "variable"])
        #expect(file.diagnostics.allSatisfy { $0.code == .hclSyntax })
    }

    @Test("a missing closer names what it closes and where it was opened")
    func missingCloser() {
        let file = HCLFile(parsing: "x = f(1, 2\ny = 3\n", file: "main.tf")
        #expect(file.errors.first?.message.contains("to close the call opened at 1:6") == true)
    }

    @Test("lexical errors: unterminated string, heredoc and comment, bad escape, stray character, invalid UTF-8")
    func lexicalErrors() {
        func codes(_ source: String) -> [HCLSyntaxError.Code] { HCLFile(parsing: source, file: "t.tf").errors.map(\.code) }
        #expect(codes("a = \"abc\nb = 1\n").contains(.unterminatedString))
        #expect(codes("a = <<EOT\nabc\n").contains(.unterminatedHeredoc))
        #expect(codes("/* open").contains(.unterminatedComment))
        #expect(codes("a = \"\\q\"\n") == [.invalidEscape])
        #expect(codes("a = 1 @\n").contains(.unrecognizedCharacter))
        #expect(HCLFile(parsing: [0x61, 0x20, 0x3D, 0x20, 0x31, 0xFF, 0x0A], file: "t.tf").errors.map(\.code).contains(.invalidUTF8))
    }

    @Test("nesting deeper than the limit is refused with a clear error, not a crash")
    func deepNesting() {
        let depth = HCLFile.maximumNestingDepth + 10
        let source = "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\ny = 1\n"
        let file = HCLFile(parsing: source, file: "deep.tf")
        #expect(file.errors.map(\.code) == [.nestingTooDeep])
        #expect(file.diagnostics.first?.code == .hclNestingTooDeep)
        #expect(file.body.attribute("y") != nil)
    }

    @Test("a very long operator chain parses without exhausting the stack when built or released")
    func longChain() {
        let source = "x = " + Array(repeating: "a", count: 50_000).joined(separator: " + ") + "\n"
        let file = HCLFile(parsing: source, file: "long.tf")
        #expect(file.body.attribute("x") != nil || !file.errors.isEmpty)
    }
}
