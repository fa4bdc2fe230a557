/// The kinds of token the Bicep lexer produces, as the compiler's `TokenType` names them.
enum TokenKind: UInt8, Sendable, Hashable {
    case at, unrecognized, leftBrace, rightBrace, leftParen, rightParen, leftSquare, rightSquare, comma, dot
    case question, colon, semicolon, assignment, plus, minus, asterisk, slash, modulo, exclamation
    case leftChevron, rightChevron, lessThanOrEqual, greaterThanOrEqual, equals, notEquals
    case equalsInsensitive, notEqualsInsensitive, logicalAnd, logicalOr, identifier
    /// `'abc${`: a string up to its first interpolation hole.
    case stringLeftPiece
    /// `}abc${`: the text between two holes.
    case stringMiddlePiece
    /// `}abc'`: the text after the last hole.
    case stringRightPiece
    /// `'abc'` or `'''abc'''`: a string without holes.
    case stringComplete
    case integer, trueKeyword, falseKeyword, nullKeyword
    /// One or more line breaks in a row: Bicep separates declarations and items by lines.
    case newLine
    case endOfFile, doubleQuestion, doubleColon, arrow, pipe, ellipsis, hat, dollar
}

/// Words that are identifiers to the lexer but steer the parser where they stand (`param`, `if`, `as`...).
enum Keyword: UInt8, Sendable, Hashable {
    case targetScope, metadata, type, param, using, extends, output, `var`, resource, module, test, `func`
    case existing, `import`, `extension`, extensionConfig, assert, with, `as`, from, `if`, `for`, `in`, none

    /// The keywords that start a declaration; a lambda body never starts with one of these after a line break.
    var startsDeclaration: Bool {
        switch self {
        case .assert, .import, .metadata, .param, .var, .resource, .output, .module, .type: true
        default: false
        }
    }

    /// Recognises a keyword from an identifier's bytes without allocating.
    static func matching(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Keyword? {
        let length = end - start
        guard length >= 2 && length <= 15 else { return nil }
        for candidate in candidates[length] where candidate.text.elementsEqual(bytes[start..<end]) {
            return candidate.keyword
        }
        return nil
    }

    private static let all: [(keyword: Keyword, text: String)] = [
        (.targetScope, "targetScope"), (.metadata, "metadata"), (.type, "type"), (.param, "param"), (.using, "using"),
        (.extends, "extends"), (.output, "output"), (.var, "var"), (.resource, "resource"), (.module, "module"),
        (.test, "test"), (.func, "func"), (.existing, "existing"), (.import, "import"), (.extension, "extension"),
        (.extensionConfig, "extensionConfig"), (.assert, "assert"), (.with, "with"), (.as, "as"), (.from, "from"),
        (.if, "if"), (.for, "for"), (.in, "in"), (.none, "none"),
    ]

    /// Keywords by their length in bytes, so a lookup compares a handful of candidates at most.
    private static let candidates: [[(keyword: Keyword, text: [UInt8])]] = {
        var table = [[(keyword: Keyword, text: [UInt8])]](repeating: [], count: 16)
        for (keyword, text) in all {
            table[text.utf8.count].append((keyword, Array(text.utf8)))
        }
        return table
    }()
}

/// One token: its kind, the keyword it spells (for identifiers) and where it is.
struct Token: Sendable {
    var kind: TokenKind
    var keyword: Keyword?
    /// A string token the lexer had to end early (at a line break or the end of the file); already reported.
    var isUnterminated: Bool
    var range: SourceRange

    var startOffset: Int { range.startOffset }
    var endOffset: Int { range.endOffset }
}
