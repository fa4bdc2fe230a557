/// A recursive-descent parser over the lexer's tokens, following `hclsyntax/spec.md`. Problems are collected and
/// parsing goes on after each: a bad attribute or block is skipped to the end of its line (after any brackets it
/// opened), or to the `}` that closes the block around it.
struct Parser {
    let text: SourceText
    let tokens: [Token]
    /// The next token to read; never past the final `endOfFile`.
    var position = 0
    var errors: [HCLSyntaxError] = []
    /// How many expressions, blocks and directives are open around the current token.
    var depth = 0
    /// Whether line breaks are tokens here (in bodies and objects) or skipped (in parentheses, brackets, templates).
    var newlinesMatter: [Bool] = [true]
    /// A `~}` was just read: the next template literal loses its leading whitespace.
    var pendingStrip = false

    init(text: SourceText, tokens: [Token]) {
        self.text = text
        self.tokens = tokens
    }

    // MARK: Reading tokens

    /// The index of the next token that counts: line breaks are passed over where they do not matter.
    var currentIndex: Int {
        var index = position
        if newlinesMatter[newlinesMatter.count - 1] == false {
            while tokens[index].kind == .newline { index += 1 }
        }
        return index
    }

    var current: Token { tokens[currentIndex] }

    /// The token `distance` after the current one, counting every token.
    func peek(_ distance: Int) -> Token { tokens[min(currentIndex + distance, tokens.count - 1)] }

    func at(_ kind: TokenKind) -> Bool { current.kind == kind }

    func at(keyword: String) -> Bool { current.kind == .identifier && text.string(of: current) == keyword }

    /// The end offset of the last token read: where a node that just ended stops.
    var previousEnd: Int { position > 0 ? tokens[position - 1].end : text.contentStart }

    @discardableResult
    mutating func advance() -> Token {
        let index = currentIndex
        let token = tokens[index]
        position = token.kind == .endOfFile ? index : index + 1
        return token
    }

    mutating func skipNewlines() {
        while tokens[position].kind == .newline { position += 1 }
    }

    mutating func expect(_ kind: TokenKind, _ expected: @autoclosure () -> String) throws(HCLSyntaxError) -> Token {
        guard at(kind) else { throw unexpected(expected()) }
        return advance()
    }

    /// Reads the closer of something opened at `opener`, or says which one is missing and where it was opened.
    mutating func expectClosing(_ kind: TokenKind, _ expected: String, openedBy opener: Token) throws(HCLSyntaxError) -> Token {
        guard at(kind) else { throw unexpected("\(expected) \(openedAt(opener))") }
        return advance()
    }

    /// `expected <expected>, found <the current token>`.
    func unexpected(_ expected: String) -> HCLSyntaxError {
        let token = current
        return HCLSyntaxError(
            code: .unexpectedToken, range: text.range(of: token), expected: expected,
            message: "expected \(expected), found \(text.describe(token))")
    }

    /// `opened at line:col`, to say which bracket a missing closer belongs to.
    func openedAt(_ token: Token) -> String { "opened at \(text.position(of: token.start))" }

    func range(from start: Int) -> HCLSourceRange { text.range(start, max(previousEnd, start)) }

    // MARK: Context

    mutating func pushNewlines(_ matter: Bool) { newlinesMatter.append(matter) }

    mutating func popNewlines() { newlinesMatter.removeLast() }

    /// Enters one level of nesting, refusing to go deeper than ``HCLFile/maximumNestingDepth``.
    mutating func enter() throws(HCLSyntaxError) {
        depth += 1
        guard depth <= HCLFile.maximumNestingDepth else {
            throw HCLSyntaxError(
                code: .nestingTooDeep, range: text.range(of: current),
                message: "nesting deeper than \(HCLFile.maximumNestingDepth) levels; split the expression or block into smaller parts")
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: Recovery

    /// After an error in the item that began at token `itemStart`: skips to the end of its line, counting the
    /// brackets and templates it opened, or to a `}` that closes the block around it (left unread).
    mutating func recover(itemStart: Int) {
        var nesting = 0
        var index = itemStart
        while true {
            let token = tokens[index]
            switch token.kind {
            case .endOfFile:
                position = index
                return
            case .leftBrace, .leftBracket, .leftParen, .interpolationOpen, .directiveOpen, .openQuote, .heredocOpen:
                nesting += 1
            case .rightBrace where nesting == 0 && index >= position:
                position = index
                return
            case .rightBrace, .rightBracket, .rightParen, .templateClose, .closeQuote, .heredocClose:
                nesting = max(nesting - 1, 0)
            case .newline where nesting == 0 && index >= position:
                position = index + 1
                return
            default:
                break
            }
            index += 1
        }
    }
}
