public import SourceModel

/// A parsed HCL native-syntax file (`.tf`, `.tfvars`, `.hcl`): its body with a source range on every node, and every
/// syntax error found. Parsing never stops at the first error: a bad attribute or block is reported and skipped to
/// the end of its line or to the `}` closing its block, and the rest is still read. Syntax only: nothing is evaluated.
public struct HCLFile: Sendable, Hashable {
    /// How deep blocks, brackets, expressions and template directives may nest before the parser refuses the item
    /// with a `nesting-too-deep` error, rather than risk the stack. Real configurations stay far below it.
    public static let maximumNestingDepth = 256

    /// The file's path as given: every range and error names it.
    public var file: String
    public var body: HCLBody
    /// Every syntax error, lexical and grammatical, in the order of their positions.
    public var errors: [HCLSyntaxError]

    /// Parses HCL source text.
    public init(parsing text: String, file: String) {
        self.init(parsing: Array(text.utf8), file: file)
    }

    /// Parses HCL source bytes (UTF-8, with or without a byte order mark). Invalid UTF-8 is an error, and the rest
    /// is still parsed.
    public init(parsing bytes: [UInt8], file: String) {
        let text = SourceText(bytes, file: file)
        var lexer = Lexer(text)
        lexer.lex()
        var parser = Parser(text: text, tokens: lexer.tokens)
        let items = parser.bodyItems(insideBlock: false)
        var errors = lexer.errors + parser.errors
        if let offset = Self.firstInvalidUTF8Offset(bytes) {
            errors.append(
                HCLSyntaxError(
                    code: .invalidUTF8, range: text.range(offset, offset + 1),
                    message: "invalid UTF-8 byte 0x\(String(bytes[offset], radix: 16, uppercase: true)); save the file as UTF-8"))
        }
        self.file = file
        body = HCLBody(items: items, range: text.range(text.contentStart, bytes.count))
        self.errors = errors.sorted { $0.range.startOffset < $1.range.startOffset }
    }

    /// The errors as diagnostics (`hcl-syntax`, `hcl-nesting-too-deep`, `invalid-utf8`).
    public var diagnostics: [Diagnostic] { errors.map(\.diagnostic) }

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error(let length):
                _ = length
                return offset
            }
        }
    }
}
