/// Turns HCL native-syntax bytes into tokens, as HashiCorp's scanner does: line breaks are tokens (the parser
/// decides where they matter), comments are skipped, and quoted strings and heredocs come as literal pieces around
/// the openers and closers of their `${...}` interpolations and `%{...}` directives, so that templates nest.
struct Lexer {
    /// What the lexer is inside.
    enum Mode {
        /// Expression tokens; `braces` counts the `{` opened in this mode (inside an interpolation, the `}` that
        /// closes it is the one met at zero).
        case expression(braces: Int)
        /// A quoted template opened at `openOffset`.
        case quoted(openOffset: Int)
        case heredoc(Heredoc)
        /// A template with no delimiters (a template file, a string of the JSON syntax): literal text and
        /// sequences up to the end of the text, without backslash escapes.
        case bareTemplate
    }

    /// A heredoc being read, and what `<<-` needs to strip its indentation.
    struct Heredoc {
        var marker: [UInt8]
        var isIndented: Bool
        var openOffset: Int
        var atLineStart = true
        /// The literal tokens that start a line (and are not blank lines).
        var lineLeadingLiterals: [Int] = []
        var minimumIndent = Int.max
    }

    let text: SourceText
    var index: Int
    var tokens: [Token] = []
    var errors: [HCLSyntaxError] = []
    var modes: [Mode] = [.expression(braces: 0)]

    /// A lexer for `text`: a file (`bareTemplate` false) or a template with no delimiters (true).
    init(_ text: SourceText, bareTemplate: Bool = false) {
        self.text = text
        if bareTemplate { modes.append(.bareTemplate) }
        index = text.contentStart
        tokens.reserveCapacity(text.count / 4)
    }

    /// Lexes the whole text; the last token is always `endOfFile`.
    mutating func lex() {
        while true {
            switch modes[modes.count - 1] {
            case .expression(let braces):
                if lexExpressionToken(braces: braces) { return }
            case .quoted(let openOffset):
                lexQuoted(openOffset: openOffset)
            case .heredoc(let heredoc):
                lexHeredoc(heredoc)
            case .bareTemplate:
                lexBareTemplate()
            }
        }
    }

    mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int, strips: Bool = false) {
        tokens.append(Token(kind: kind, start: start, end: end, strips: strips))
    }

    mutating func report(_ code: HCLSyntaxError.Code, _ start: Int, _ end: Int, _ message: String) {
        errors.append(HCLSyntaxError(code: code, range: text.range(start, end), message: message))
    }

    mutating func setBraces(_ braces: Int) {
        modes[modes.count - 1] = .expression(braces: braces)
    }

    // MARK: Expression tokens

    /// Lexes one token in expression mode; true at the end of the file.
    private mutating func lexExpressionToken(braces: Int) -> Bool {
        skipTrivia()
        let start = index
        guard index < text.count else {
            if modes.count > 1 {
                // The template around this interpolation reports that it is unterminated.
                modes.removeLast()
                return false
            }
            emit(.endOfFile, start, start)
            return true
        }
        let byte = text[index]
        index += 1
        let kind: TokenKind
        switch byte {
        case 0x0A: kind = .newline
        case UInt8(ascii: "{"):
            setBraces(braces + 1)
            kind = .leftBrace
        case UInt8(ascii: "}"):
            if braces == 0 && modes.count > 1 {
                modes.removeLast()
                kind = .templateClose
            } else {
                setBraces(max(braces - 1, 0))
                kind = .rightBrace
            }
        case UInt8(ascii: "~") where text[index] == UInt8(ascii: "}") && braces == 0 && modes.count > 1:
            index += 1
            modes.removeLast()
            emit(.templateClose, start, index, strips: true)
            return false
        case UInt8(ascii: "\""):
            modes.append(.quoted(openOffset: start))
            kind = .openQuote
        case UInt8(ascii: "<") where text[index] == UInt8(ascii: "<"):
            if lexHeredocOpen(start: start) { return false }
            kind = .less
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            scanNumber()
            kind = .number
        default:
            if let operatorKind = scanOperator(byte) {
                kind = operatorKind
            } else if let length = identifierStartLength(at: start) {
                index = start + length
                scanIdentifierRest()
                kind = .identifier
            } else {
                index = min(start + scalarLength(at: start), text.count)
                let character = text.string(start, index)
                report(.unrecognizedCharacter, start, index, "unrecognized character '\(character)'")
                kind = .unrecognized
            }
        }
        emit(kind, start, index)
        return false
    }

    /// Punctuation and operators, after their first byte was read.
    private mutating func scanOperator(_ byte: UInt8) -> TokenKind? {
        func next(_ ascii: Unicode.Scalar, _ two: TokenKind, else one: TokenKind) -> TokenKind {
            if text[index] == UInt8(ascii: ascii) {
                index += 1
                return two
            }
            return one
        }
        switch byte {
        case UInt8(ascii: "["): return .leftBracket
        case UInt8(ascii: "]"): return .rightBracket
        case UInt8(ascii: "("): return .leftParen
        case UInt8(ascii: ")"): return .rightParen
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "?"): return .question
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "*"): return .star
        case UInt8(ascii: "/"): return .slash
        case UInt8(ascii: "%"): return .percent
        case UInt8(ascii: "."):
            if text[index] == UInt8(ascii: ".") && text[index + 1] == UInt8(ascii: ".") {
                index += 2
                return .ellipsis
            }
            return .dot
        case UInt8(ascii: ":"): return next(":", .doubleColon, else: .colon)
        case UInt8(ascii: "="):
            if text[index] == UInt8(ascii: ">") {
                index += 1
                return .fatArrow
            }
            return next("=", .equalEqual, else: .equals)
        case UInt8(ascii: "!"): return next("=", .bangEqual, else: .bang)
        case UInt8(ascii: "<"): return next("=", .lessEqual, else: .less)
        case UInt8(ascii: ">"): return next("=", .greaterEqual, else: .greater)
        case UInt8(ascii: "&") where text[index] == UInt8(ascii: "&"):
            index += 1
            return .andAnd
        case UInt8(ascii: "|") where text[index] == UInt8(ascii: "|"):
            index += 1
            return .orOr
        default: return nil
        }
    }

    /// `digits [. digits] [e [+-] digits]`.
    private mutating func scanNumber() {
        while isDigit(text[index]) { index += 1 }
        if text[index] == UInt8(ascii: "."), isDigit(text[index + 1]) {
            index += 1
            while isDigit(text[index]) { index += 1 }
        }
        if text[index] | 0x20 == UInt8(ascii: "e") {
            var end = index + 1
            if text[end] == UInt8(ascii: "+") || text[end] == UInt8(ascii: "-") { end += 1 }
            if isDigit(text[end]) {
                index = end
                while isDigit(text[index]) { index += 1 }
            }
        }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Spaces, tabs, carriage returns and comments. A line comment stops before its line break, which stays a token.
    private mutating func skipTrivia() {
        while index < text.count {
            let byte = text[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                index += 1
            } else if byte == UInt8(ascii: "#") || (byte == UInt8(ascii: "/") && text[index + 1] == UInt8(ascii: "/")) {
                while index < text.count && text[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/") && text[index + 1] == UInt8(ascii: "*") {
                let start = index
                index += 2
                while index < text.count && !(text[index] == UInt8(ascii: "*") && text[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                if index >= text.count {
                    report(.unterminatedComment, start, start + 2, "unterminated comment: '/*' has no closing '*/'")
                } else {
                    index += 2
                }
            } else {
                return
            }
        }
    }
}
