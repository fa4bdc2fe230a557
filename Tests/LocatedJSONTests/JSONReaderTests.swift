import Testing
@testable import LocatedJSON
import SourceModel

@Suite("JSON reader")
struct JSONReaderTests {
    let reader = JSONReader()

    @Test("reads every RFC 8259 value kind with its position")
    func readsValues() throws {
        let root = try reader.read("""
            {
              "s": "text",
              "i": -42,
              "d": 1.5e3,
              "t": true, "f": false, "n": null,
              "a": [1, "two"]
            }
            """)
        #expect(root.position == SourcePosition(line: 1, column: 1))
        #expect(root[member: "s"] == JSONValue(.string("text"), at: SourcePosition(line: 2, column: 8)))
        #expect(root[member: "i"]?.kind == .integer(-42))
        #expect(root[member: "d"]?.kind == .double(1500))
        #expect(root[member: "t"]?.kind == .bool(true))
        #expect(root[member: "f"]?.position == SourcePosition(line: 5, column: 19))
        #expect(root[member: "n"]?.kind == .null)
        let array = try #require(root[member: "a"]?.elements)
        #expect(array.map(\.position) == [SourcePosition(line: 6, column: 9), SourcePosition(line: 6, column: 12)])
        #expect(root.members?.first?.keyPosition == SourcePosition(line: 2, column: 3))
    }

    @Test("member lookup is case-insensitive, as ARM's is")
    func caseInsensitiveMembers() throws {
        let root = try reader.read(#"{"translateLocation": "westeurope"}"#)
        #expect(root[member: "translatelocation"]?.stringValue == "westeurope")
    }

    @Test("accepts // and /* */ comments, a BOM, CRLF and trailing commas")
    func acceptsARMExtensions() throws {
        let text = "\u{FEFF}{ // line comment\r\n  /* block\r\n comment */ \"a\": [1, 2,],\r\n  \"b\": {\"c\": 3,},\r\n}\r\n"
        let root = try reader.read(Array(text.utf8))
        #expect(root[member: "a"]?.elements?.count == 2)
        #expect(root[member: "a"]?.position == SourcePosition(line: 3, column: 18))
        #expect(root[member: "b"]?.position == SourcePosition(line: 4, column: 8))
    }

    @Test("a lone CR also ends a line")
    func loneCarriageReturn() throws {
        let root = try reader.read("{\r\"a\":\r1}")
        #expect(root[member: "a"]?.position == SourcePosition(line: 3, column: 1))
    }

    @Test("decodes escapes, including surrogate pairs")
    func decodesEscapes() throws {
        let root = try reader.read(#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00"]"#)
        #expect(root.elements?.first?.stringValue == "a\"b\\c/d\n\té😀")
    }

    @Test("columns count characters, not bytes, after non-ASCII text")
    func columnsCountCharacters() throws {
        let root = try reader.read(#"{"é😀": 1, "x": 2}"#)
        #expect(root[member: "x"]?.position == SourcePosition(line: 1, column: 16))
    }

    @Test("integers beyond 64 bits become doubles")
    func largeNumbers() throws {
        let root = try reader.read("[9223372036854775807, 92233720368547758070]")
        #expect(root.elements?[0].kind == .integer(Int64.max))
        #expect(root.elements?[1].kind == .double(Double("92233720368547758070")!))
    }

    @Test("errors say what was expected, where", arguments: [
        (#"{"a": 1 "b": 2}"#, 1, 9, "expected ',' or '}' after object member, found '\"'"),
        (#"{"a" 1}"#, 1, 6, "expected ':' after member name \"a\", found '1'"),
        ("[1, 2", 1, 6, "expected ',' or ']' after array element, found end of file"),
        ("{\n  \"a\": tru\n}", 2, 8, "expected a value, found 't' (did you mean 'true'?)"),
        (#"{"a": 01}"#, 1, 8, "expected no leading zeros in a number"),
        (#"{"a": "x\q"}"#, 1, 9, #"expected one of \" \\ \/ \b \f \n \r \t \uXXXX, found \q"#),
        ("{\"a\": \"line\nbreak\"}", 1, 12, "expected '\"' to close the string, found a line break; escape it as \\n or \\u00XX"),
        ("/* open", 1, 1, "expected '*/' to close the comment opened here"),
        ("{} []", 1, 4, "expected end of file after the top-level value"),
        ("   ", 1, 4, "expected a JSON value, found an empty file"),
    ])
    func reportsErrors(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try reader.read(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.position == SourcePosition(line: line, column: column) && error.message == message
        }
    }

    @Test("invalid UTF-8 is refused with the position of the first bad byte")
    func rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array("{\n  \"a\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        #expect(throws: JSONSyntaxError(code: .invalidUTF8, position: SourcePosition(line: 2, column: 9), message: "invalid UTF-8 byte 0xC3; save the file as UTF-8")) {
            _ = try reader.read(bytes)
        }
    }

    @Test("deep nesting is refused instead of overflowing the stack")
    func limitsDepth() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect { _ = try reader.read(text) } throws: { ($0 as? JSONSyntaxError)?.code == .nestingTooDeep }
    }
}
