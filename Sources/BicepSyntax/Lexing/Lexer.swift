/// Turns Bicep source bytes into tokens, as the compiler's lexer does: line breaks are tokens, comments and
/// pragmas are set aside, and strings come as pieces around their `${...}` holes so that holes can nest.
struct Lexer {
    /// What an open `${` or `{` inside a hole is waiting for.
    struct TemplateEntry {
        /// `{` opened inside a hole (an object), rather than a string's `${`.
        var isBrace: Bool
        var isMultiLine: Bool
        /// For `$'''` strings: how many `$` open a hole.
        var dollarCount: Int
    }

    let text: SourceText
    var index: Int
    var tokens: [Token] = []
    var errors: [SyntaxError] = []
    var comments: [Comment] = []
    var pragmas: [DiagnosticsPragma] = []
    var templateStack: [TemplateEntry] = []
    /// The line of the last position computed: positions are asked for in increasing order.
    var lineHint = 0

    init(_ text: SourceText) {
        self.text = text
        self.index = text.contentStart
        tokens.reserveCapacity(text.count / 4)
    }

    /// Lexes the whole text; the last token is always `endOfFile`.
    mutating func lex() {
        while true {
            skipTrivia()
            let start = index
            var isUnterminated = false
            let kind = scanToken(&isUnterminated)
            var keyword: Keyword?
            if kind == .identifier {
                keyword = Keyword.matching(text.bytes, from: start, to: index)
                if index - start > Self.maximumIdentifierLength {
                    report(
                        .identifierTooLong, start, index,
                        "identifier is \(index - start) characters long; Bicep allows at most \(Self.maximumIdentifierLength)")
                }
            }
            let token = Token(
                kind: kind, keyword: keyword, isUnterminated: isUnterminated, range: text.range(start, index, hint: &lineHint))
            tokens.append(token)
            if kind == .unrecognized { reportUnrecognized(token) }
            if kind == .endOfFile { return }
        }
    }

    /// The compiler's limit on identifier length.
    static let maximumIdentifierLength = 255

    mutating func report(_ code: SyntaxError.Code, _ start: Int, _ end: Int, _ message: String) {
        errors.append(SyntaxError(code: code, range: text.range(start, end, hint: &lineHint), message: message))
    }

    private mutating func reportUnrecognized(_ token: Token) {
        let character = text.string(of: token)
        let message =
            character == "\""
            ? "unrecognized character '\"': Bicep strings use single quotes"
            : "unrecognized character '\(character)'"
        errors.append(SyntaxError(code: .unrecognizedCharacter, range: token.range, found: "'\(character)'", message: message))
    }

    // MARK: Tokens

    private mutating func scanToken(_ isUnterminated: inout Bool) -> TokenKind {
        guard index < text.count else { return .endOfFile }
        let byte = text[index]
        index += 1
        switch byte {
        case UInt8(ascii: "{"):
            if !templateStack.isEmpty { templateStack.append(TemplateEntry(isBrace: true, isMultiLine: false, dollarCount: 0)) }
            return .leftBrace
        case UInt8(ascii: "}"):
            if let entry = templateStack.last {
                if entry.isBrace {
                    templateStack.removeLast()
                    return .rightBrace
                }
                let kind =
                    entry.isMultiLine
                    ? scanMultiLineString(atStart: false, dollarCount: entry.dollarCount, &isUnterminated)
                    : scanStringSegment(atStart: false, &isUnterminated)
                if kind == .stringRightPiece { templateStack.removeLast() }
                return kind
            }
            return .rightBrace
        case UInt8(ascii: "("): return .leftParen
        case UInt8(ascii: ")"): return .rightParen
        case UInt8(ascii: "["): return .leftSquare
        case UInt8(ascii: "]"): return .rightSquare
        case UInt8(ascii: "@"): return .at
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: ";"): return .semicolon
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "%"): return .modulo
        case UInt8(ascii: "*"): return .asterisk
        case UInt8(ascii: "/"): return .slash
        case UInt8(ascii: "^"): return .hat
        case UInt8(ascii: "."):
            if text[index] == UInt8(ascii: ".") && text[index + 1] == UInt8(ascii: ".") {
                index += 2
                return .ellipsis
            }
            return .dot
        case UInt8(ascii: "?"): return follows("?", .doubleQuestion, else: .question)
        case UInt8(ascii: ":"): return follows(":", .doubleColon, else: .colon)
        case UInt8(ascii: "<"): return follows("=", .lessThanOrEqual, else: .leftChevron)
        case UInt8(ascii: ">"): return follows("=", .greaterThanOrEqual, else: .rightChevron)
        case UInt8(ascii: "&"): return follows("&", .logicalAnd, else: .unrecognized)
        case UInt8(ascii: "|"): return follows("|", .logicalOr, else: .pipe)
        case UInt8(ascii: "!"):
            switch text[index] {
            case UInt8(ascii: "="): index += 1; return .notEquals
            case UInt8(ascii: "~"): index += 1; return .notEqualsInsensitive
            default: return .exclamation
            }
        case UInt8(ascii: "="):
            switch text[index] {
            case UInt8(ascii: "="): index += 1; return .equals
            case UInt8(ascii: "~"): index += 1; return .equalsInsensitive
            case UInt8(ascii: ">"): index += 1; return .arrow
            default: return .assignment
            }
        case UInt8(ascii: "$"):
            var dollarCount = 1
            while text[index] == UInt8(ascii: "$") {
                index += 1
                dollarCount += 1
            }
            guard isTripleQuote(at: index) else { return .unrecognized }
            index += 3
            let kind = scanMultiLineString(atStart: true, dollarCount: dollarCount, &isUnterminated)
            if kind == .stringLeftPiece {
                templateStack.append(TemplateEntry(isBrace: false, isMultiLine: true, dollarCount: dollarCount))
            }
            return kind
        case UInt8(ascii: "'"):
            if text[index] == UInt8(ascii: "'") && text[index + 1] == UInt8(ascii: "'") {
                index += 2
                return scanMultiLineString(atStart: true, dollarCount: 0, &isUnterminated)
            }
            let kind = scanStringSegment(atStart: true, &isUnterminated)
            if kind == .stringLeftPiece {
                templateStack.append(TemplateEntry(isBrace: false, isMultiLine: false, dollarCount: 0))
            }
            return kind
        case 0x0A, 0x0D:
            if !templateStack.isEmpty {
                // A line break inside a hole ends every open string here; the break is lexed again next time.
                index -= 1
                report(.unterminatedString, index, index, "string interpolation is not closed before the end of the line")
                templateStack.removeAll()
                isUnterminated = true
                return .stringRightPiece
            }
            while text[index] == 0x0A || text[index] == 0x0D { index += 1 }
            return .newLine
        default:
            if Self.isDigit(byte) {
                while Self.isDigit(text[index]) { index += 1 }
                return .integer
            }
            if Self.isIdentifierStart(byte) {
                let start = index - 1
                while Self.isIdentifierContinuation(text[index]) { index += 1 }
                return identifierKind(from: start)
            }
            // One whole Unicode scalar.
            while index < text.count && text[index] & 0xC0 == 0x80 { index += 1 }
            return .unrecognized
        }
    }

    private mutating func follows(_ next: Unicode.Scalar, _ pair: TokenKind, else single: TokenKind) -> TokenKind {
        if text[index] == UInt8(ascii: next) {
            index += 1
            return pair
        }
        return single
    }

    /// `true`, `false` and `null` are the only reserved words; everything else is an identifier.
    private func identifierKind(from start: Int) -> TokenKind {
        switch index - start {
        case 4:
            if text[start] == UInt8(ascii: "t") && text[start + 1] == UInt8(ascii: "r") && text[start + 2] == UInt8(ascii: "u")
                && text[start + 3] == UInt8(ascii: "e")
            {
                return .trueKeyword
            }
            if text[start] == UInt8(ascii: "n") && text[start + 1] == UInt8(ascii: "u") && text[start + 2] == UInt8(ascii: "l")
                && text[start + 3] == UInt8(ascii: "l")
            {
                return .nullKeyword
            }
        case 5:
            if text[start] == UInt8(ascii: "f") && text[start + 1] == UInt8(ascii: "a") && text[start + 2] == UInt8(ascii: "l")
                && text[start + 3] == UInt8(ascii: "s") && text[start + 4] == UInt8(ascii: "e")
            {
                return .falseKeyword
            }
        default: break
        }
        return .identifier
    }

    func isTripleQuote(at offset: Int) -> Bool {
        text[offset] == UInt8(ascii: "'") && text[offset + 1] == UInt8(ascii: "'") && text[offset + 2] == UInt8(ascii: "'")
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
    }

    static func isIdentifierContinuation(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
}
