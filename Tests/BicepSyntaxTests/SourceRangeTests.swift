import BicepSyntax
import SourceModel
import Testing

@Suite("Bicep source ranges")
struct SourceRangeTests {
    @Test("nodes carry line, column and UTF-8 offsets, start and end")
    func nodeRanges() throws {
        let tree = parseClean("param a int\n\nvar name = 'x${a}y'\n")
        let variable = tree.declarations[1]
        #expect(variable.range.start == SourcePosition(line: 3, column: 1))
        #expect(variable.range.end == SourcePosition(line: 3, column: 20))
        #expect(variable.range.utf8Offsets == 13..<32)
        guard case .variable(let declaration) = variable.kind, case .string(let string) = declaration.value.kind else {
            return #expect(Bool(false))
        }
        #expect(declaration.name.range.start == SourcePosition(line: 3, column: 5))
        #expect(string.range.start == SourcePosition(line: 3, column: 12))
        #expect(string.interpolations[0].range.start == SourcePosition(line: 3, column: 16))
        #expect(string.interpolations[0].range.utf8Offsets == 28..<29)
    }

    @Test("CRLF line ends and a byte order mark do not shift lines or columns; offsets count the bytes")
    func crlfAndByteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("param a int\r\n\r\nvar b = a\r\n".utf8)
        let tree = SyntaxTree(parsing: bytes, file: "main.bicep")
        #expect(tree.errors.isEmpty)
        #expect(tree.declarations.count == 2)
        #expect(tree.declarations[0].range.start == SourcePosition(line: 1, column: 1))
        #expect(tree.declarations[0].range.startOffset == 3)
        #expect(tree.declarations[1].range.start == SourcePosition(line: 3, column: 1))
        #expect(tree.declarations[1].range.end == SourcePosition(line: 3, column: 10))
    }

    @Test("columns count Unicode scalars, not bytes")
    func unicodeColumns() {
        let tree = parseClean("var s = 'héllo 😀' // ünïcode\nvar t = s\n")
        guard case .variable(let first) = tree.declarations[0].kind else { return #expect(Bool(false)) }
        #expect(first.value.range.end == SourcePosition(line: 1, column: 18))
        #expect(first.value.range.endOffset == 21)
        #expect(tree.comments.first?.range.start == SourcePosition(line: 1, column: 19))
    }

    @Test("comments are kept aside; pragmas keep their codes")
    func commentsAndPragmas() {
        let tree = parseClean(
            """
            // leading
            #disable-next-line no-unused-params BCP081 // why
            param a string /* inline */
            /* block
               over lines */
              #disable-diagnostics BCP037
            var b = 1
            #restore-diagnostics BCP037
            """)
        #expect(tree.comments.map(\.text) == ["// leading", "// why", "/* inline */", "/* block\n   over lines */"])
        #expect(tree.comments.map(\.style) == [.line, .line, .block, .block])
        #expect(tree.pragmas.map(\.kind) == [.disableNextLine, .disableDiagnostics, .restoreDiagnostics])
        #expect(tree.pragmas.map(\.codes) == [["no-unused-params", "BCP081"], ["BCP037"], ["BCP037"]])
        #expect(tree.pragmas[0].range.start == SourcePosition(line: 2, column: 1))
        #expect(tree.pragmas[0].range.end == SourcePosition(line: 2, column: 43))
        #expect(tree.pragmas[1].range.start == SourcePosition(line: 6, column: 3))
        #expect(tree.declarations.count == 2)
    }
}
