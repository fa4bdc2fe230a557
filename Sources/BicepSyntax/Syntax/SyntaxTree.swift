public import SourceModel

/// A parsed `.bicep` or `.bicepparam` file: its declarations with source ranges, its comments and diagnostics
/// pragmas, and every syntax error found. Parsing never stops at the first error: a bad item or declaration is
/// reported and skipped, and the rest is still read.
public struct SyntaxTree: Sendable, Hashable {
    /// Which grammar a file follows.
    public enum FileKind: Sendable, Hashable {
        /// A `.bicep` template.
        case template
        /// A `.bicepparam` parameters file (`using`, `extends`, `param x = ...`).
        case parameters

        /// The kind a file name says (`.bicepparam` for parameters, anything else a template).
        public init(path: String) {
            self = path.hasSuffix(".bicepparam") ? .parameters : .template
        }
    }

    /// How deep brackets, expressions and types may nest (each level is a recursion of the parser) before the
    /// parser refuses the declaration with a `nesting-too-deep` error, rather than risk the stack. Real programs
    /// stay far below it.
    public static let maximumNestingDepth = 100

    /// How deep the tree of one declaration may grow, counting each link of an operator or member chain
    /// (`a + b + c`, `a.b.c`, `T??`) as a level as well as the nesting: a deeper tree would overflow the stack when
    /// it is released. Beyond it the declaration is refused with a `nesting-too-deep` error.
    public static let maximumTreeDepth = 2_000

    /// The file's path as given: diagnostics name it.
    public var file: String
    public var kind: FileKind
    public var declarations: [Declaration]
    public var comments: [Comment]
    public var pragmas: [DiagnosticsPragma]
    /// Every syntax error, lexical and grammatical, in the order of their positions.
    public var errors: [SyntaxError]

    /// Parses Bicep source text.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: the path diagnostics name.
    ///   - kind: the grammar; by default the one `file`'s extension says.
    public init(parsing text: String, file: String, kind: FileKind? = nil) {
        var text = text
        self = text.withUTF8 { bytes in SyntaxTree(parsingUTF8: bytes, file: file, kind: kind ?? FileKind(path: file)) }
    }

    /// Parses Bicep source bytes (UTF-8, with or without a byte order mark). Invalid UTF-8 is an error, and the
    /// rest is still parsed.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - file: the path diagnostics name.
    ///   - kind: the grammar; by default the one `file`'s extension says.
    public init(parsing bytes: [UInt8], file: String, kind: FileKind? = nil) {
        self = bytes.withUnsafeBufferPointer { buffer in
            SyntaxTree(parsingUTF8: buffer, file: file, kind: kind ?? FileKind(path: file))
        }
    }

    private init(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>, file: String, kind: FileKind) {
        let text = SourceText(bytes)
        var lexer = Lexer(text)
        lexer.lex()
        var parser = Parser(text: text, tokens: lexer.tokens, isParameterFile: kind == .parameters)
        let declarations = parser.program()
        var errors = lexer.errors + parser.errors
        if let offset = Self.firstInvalidUTF8Offset(bytes) {
            var hint = 0
            errors.append(
                SyntaxError(
                    code: .invalidUTF8, range: text.range(offset, offset + 1, hint: &hint),
                    message: "invalid UTF-8 byte 0x\(String(bytes[offset], radix: 16, uppercase: true)); save the file as UTF-8"))
        }
        self.file = file
        self.kind = kind
        self.declarations = declarations
        self.comments = lexer.comments
        self.pragmas = lexer.pragmas
        self.errors = Self.ordered(errors)
    }

    /// Sorted by position; of several errors at one position only the first is kept (the others follow from it).
    private static func ordered(_ errors: [SyntaxError]) -> [SyntaxError] {
        var seen = Set<Int>()
        return errors.enumerated()
            .sorted { ($0.element.range.startOffset, $0.offset) < ($1.element.range.startOffset, $1.offset) }
            .map(\.element)
            .filter { seen.insert($0.range.startOffset).inserted }
    }

    private static func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var index = 0
        while index < bytes.count {
            let length: Int
            switch bytes[index] {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count,
                String(validating: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]), as: UTF8.self) != nil
            else { return index }
            index += length
        }
        return nil
    }

    /// The errors as diagnostics naming `file`.
    public var diagnostics: [Diagnostic] { errors.map { $0.diagnostic(file: file) } }

    public var hasErrors: Bool { !errors.isEmpty }
}
