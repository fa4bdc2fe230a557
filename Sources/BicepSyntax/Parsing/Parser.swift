import SourceModel

/// A recursive-descent parser over the lexer's tokens, following the compiler's grammar. Problems are collected,
/// and parsing goes on after each: a bad item is skipped to the next line or closing bracket, a bad declaration
/// to the next line outside any brackets.
struct Parser {
    let text: SourceText
    let tokens: [Token]
    let isParameterFile: Bool
    /// The next token to read; never past the final `endOfFile`.
    var position = 0
    var errors: [SyntaxError] = []
    /// How many expressions, types and literals are open around the current token.
    var depth = 0
    /// How deep the tree being built is: `depth` plus the links of the operator and member chains around the token.
    var treeDepth = 0

    init(text: SourceText, tokens: [Token], isParameterFile: Bool) {
        self.text = text
        self.tokens = tokens
        self.isParameterFile = isParameterFile
    }

    // MARK: Reading tokens

    var current: Token { tokens[position] }

    /// The last token read: where a node that just ended stops.
    var previous: Token { tokens[max(position - 1, 0)] }

    func peek(_ distance: Int = 1) -> Token { tokens[min(position + distance, tokens.count - 1)] }

    /// The first token from `position + distance` on that is not a line break.
    func peekSkippingNewlines(from distance: Int = 0) -> Token {
        var index = min(position + distance, tokens.count - 1)
        while tokens[index].kind == .newLine { index += 1 }
        return tokens[index]
    }

    func at(_ kind: TokenKind) -> Bool { tokens[position].kind == kind }

    func at(_ keyword: Keyword) -> Bool { tokens[position].kind == .identifier && tokens[position].keyword == keyword }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if token.kind != .endOfFile { position += 1 }
        return token
    }

    mutating func skipNewlines() {
        while tokens[position].kind == .newLine { position += 1 }
    }

    mutating func expect(_ kind: TokenKind, _ expected: @autoclosure () -> String) throws(SyntaxError) -> Token {
        guard at(kind) else { throw unexpected(expected()) }
        return advance()
    }

    mutating func expect(_ keyword: Keyword) throws(SyntaxError) -> Token {
        guard at(keyword) else { throw unexpected("'\(keyword)'") }
        return advance()
    }

    /// Reads the bracket that closes `opener`, or says which one is missing and where it was opened.
    mutating func expectClosing(_ kind: TokenKind, _ closer: String, of what: String, openedAt opener: Token) throws(SyntaxError)
        -> Token
    {
        guard at(kind) else { throw unexpected("\(closer) \(opened(what, at: opener))") }
        return advance()
    }

    mutating func identifier(_ expected: @autoclosure () -> String) throws(SyntaxError) -> Identifier {
        let token = try expect(.identifier, expected())
        return Identifier(text.string(of: token), range: token.range)
    }

    /// `expected <expected>, found <the current token>`.
    func unexpected(_ expected: String) -> SyntaxError {
        SyntaxError.unexpected(current, expected: expected, in: text)
    }

    /// "`what` opened at line:col": how a missing closer names its opener.
    func opened(_ what: String, at token: Token) -> String {
        "to close the \(what) opened at \(token.range.start)"
    }

    /// From the start of `start` to the end of the last token read.
    func range(from start: SourceRange) -> SourceRange {
        let end = previous.range
        return end.endOffset >= start.endOffset ? start.through(end) : start
    }

    mutating func report(_ error: SyntaxError) {
        errors.append(error)
    }

    // MARK: Nesting

    /// Opens one level of nesting, refusing more than `maximumNestingDepth`.
    mutating func enterNesting() throws(SyntaxError) {
        depth += 1
        treeDepth += 1
        if depth > SyntaxTree.maximumNestingDepth {
            throw SyntaxError(
                code: .nestingTooDeep, range: current.range, found: text.describe(current),
                message: "nesting too deep: more than \(SyntaxTree.maximumNestingDepth) levels of brackets, expressions or types")
        }
        if treeDepth > SyntaxTree.maximumTreeDepth { throw chainTooLong() }
    }

    mutating func leaveNesting() {
        depth -= 1
        treeDepth -= 1
    }

    private func chainTooLong() -> SyntaxError {
        SyntaxError(
            code: .nestingTooDeep, range: current.range, found: text.describe(current),
            message: "nesting too deep: an expression or type more than \(SyntaxTree.maximumTreeDepth) levels deep, "
                + "counting each operator and member access")
    }

    /// One more link of an operator or member chain (`a + b + c`, `a.b.c`, `T??`): each wraps the tree one level
    /// deeper, so it counts against the same limit (a deep tree would overflow the stack when it is released).
    /// The caller gives the links back when the chain ends: `defer { treeDepth -= links }`.
    mutating func enterChainLink(_ links: inout Int) throws(SyntaxError) {
        treeDepth += 1
        links += 1
        if treeDepth > SyntaxTree.maximumTreeDepth { throw chainTooLong() }
    }

    // MARK: Recovery

    /// Parses with `parse`; on a syntax error, reports it, skips to one of `terminators` (outside brackets opened
    /// while skipping) and returns nil. Nesting-limit errors are not caught here: they abandon the declaration.
    mutating func recovering<Result>(
        until terminators: TokenSet, _ parse: (inout Parser) throws(SyntaxError) -> Result
    ) throws(SyntaxError) -> Result? {
        let savedDepth = depth
        do {
            return try parse(&self)
        } catch  where error.code == .nestingTooDeep {
            throw error
        } catch {
            depth = savedDepth
            report(error)
            skip(until: terminators, openClosers: [], consumeStrayClosers: false)
            return nil
        }
    }

    /// Skips tokens up to a terminator that is not inside brackets opened while skipping, stopping early at a
    /// closing bracket that belongs to an enclosing construct, and at a line that starts a new top-level
    /// declaration in column 1 (so an unclosed bracket cannot swallow the rest of the file).
    mutating func skip(until terminators: TokenSet, openClosers: [TokenKind], consumeStrayClosers: Bool) {
        var closers = openClosers
        while !at(.endOfFile) {
            let kind = current.kind
            if closers.isEmpty && terminators.contains(kind) { return }
            switch kind {
            case .leftParen: closers.append(.rightParen)
            case .leftSquare: closers.append(.rightSquare)
            case .leftBrace: closers.append(.rightBrace)
            case .rightParen, .rightSquare, .rightBrace:
                if let match = closers.lastIndex(of: kind) {
                    closers.removeSubrange(match...)
                } else if !consumeStrayClosers {
                    return
                }
            case .newLine where !closers.isEmpty && startsTopLevelDeclaration(at: position + 1):
                closers.removeAll()
                if terminators.contains(.newLine) { return }
            default: break
            }
            position += 1
        }
    }

    /// A token in column 1 that begins a declaration: a decorator, or a declaration keyword not used as a key.
    /// Where decorated items or nested resources may stand, `@` and `resource` do not count.
    func startsTopLevelDeclaration(at index: Int, inDecoratedList: Bool = false) -> Bool {
        guard index + 1 < tokens.count else { return false }
        let token = tokens[index]
        guard token.range.start.column == 1 else { return false }
        if token.kind == .at { return !inDecoratedList }
        guard token.kind == .identifier, let keyword = token.keyword else { return false }
        if inDecoratedList && keyword == .resource { return false }
        switch keyword {
        case .targetScope, .metadata, .type, .param, .using, .extends, .output, .var, .resource, .module, .test, .func,
            .import, .extension, .extensionConfig, .assert:
            return tokens[index + 1].kind != .colon
        default:
            return false
        }
    }

    /// At a line break followed by a line that starts a top-level declaration: a list left open ends here, so
    /// that the declarations after it are still read.
    func atLineBeforeDeclaration(inDecoratedList: Bool = false) -> Bool {
        guard at(.newLine) else { return false }
        var index = position
        while tokens[index].kind == .newLine { index += 1 }
        return startsTopLevelDeclaration(at: index, inDecoratedList: inDecoratedList)
    }

    // MARK: Lists

    /// The items of an array, object, object type, tuple or import list, after the opening bracket: separated by
    /// line breaks or by commas (a comma may not end a line), up to `closing`, which is left for the caller.
    mutating func separatedItems<Item>(
        closing: TokenKind, describedAs what: String, allowsDecorations: Bool = false,
        _ parseItem: (inout Parser) throws(SyntaxError) -> Item
    ) throws(SyntaxError) -> [Item] {
        var items: [Item] = []
        if at(closing) { return items }
        if atLineBeforeDeclaration(inDecoratedList: allowsDecorations) { return items }
        skipNewlines()
        var expectingItem = true
        while !at(.endOfFile) && !at(closing) {
            if !expectingItem {
                if atLineBeforeDeclaration(inDecoratedList: allowsDecorations) { break }
                if at(.newLine) {
                    skipNewlines()
                } else if at(.comma) {
                    advance()
                    if at(.newLine) {
                        report(unexpected("the next \(what) on the same line after ','; separate items by commas or by lines, not both"))
                        skipNewlines()
                    }
                } else {
                    report(unexpected("newline or ',' after the \(what)"))
                }
                expectingItem = true
                continue
            }
            let before = position
            if let item = try recovering(until: TokenSet(.newLine, closing), parseItem) {
                items.append(item)
            }
            if position == before { break }
            expectingItem = false
        }
        return items
    }
}
