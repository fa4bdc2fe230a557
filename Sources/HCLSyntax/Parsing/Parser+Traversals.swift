extension Parser {
    /// `.name`, `.0` (legacy index), `[key]`, `.*` and `[*]` after a term, as many as follow.
    mutating func traversals(of base: HCLExpression) throws(HCLSyntaxError) -> HCLExpression {
        var expression = base
        while true {
            if at(.dot) && peek(1).kind == .star {
                advance()
                advance()
                expression = try splat(of: expression, isFull: false)
            } else if at(.leftBracket) && peek(1).kind == .star && peek(2).kind == .rightBracket {
                advance()
                advance()
                advance()
                expression = try splat(of: expression, isFull: true)
            } else if let next = try step(of: expression, allowingIndex: true) {
                expression = next
            } else {
                return expression
            }
        }
    }

    /// The traversal applied to each element after `.*` (names and legacy indexes) or `[*]` (indexes too).
    private mutating func splat(of source: HCLExpression, isFull: Bool) throws(HCLSyntaxError) -> HCLExpression {
        let itemRange = text.range(previousEnd, previousEnd)
        var each = HCLExpression(.splatItem, range: itemRange)
        while !(at(.dot) && peek(1).kind == .star) && !(at(.leftBracket) && peek(1).kind == .star),
            let next = try step(of: each, allowingIndex: isFull)
        {
            each = next
        }
        return HCLExpression(.splat(source, isFull: isFull, each: each), range: range(from: source.range.startOffset))
    }

    /// One `.name`, `.0` or `[key]` after `base`, or nil when none follows.
    private mutating func step(of base: HCLExpression, allowingIndex: Bool) throws(HCLSyntaxError) -> HCLExpression? {
        let start = base.range.startOffset
        if at(.dot) {
            let dot = advance()
            let token = current
            switch token.kind {
            case .identifier:
                advance()
                return HCLExpression(.attributeAccess(base, name: text.string(of: token)), range: range(from: start))
            case .number:
                advance()
                return legacyIndexes(of: base, token: token)
            default:
                _ = dot
                throw unexpected("an attribute name, an index or '*' after '.'")
            }
        }
        guard allowingIndex, at(.leftBracket) else { return nil }
        let open = advance()
        pushNewlines(false)
        let key = try expression()
        _ = try expectClosing(.rightBracket, "']' to close the index", openedBy: open)
        popNewlines()
        return HCLExpression(.index(base, key: key, isLegacy: false), range: range(from: start))
    }

    /// `.0`, and `.0.1`, which the lexer reads as the number `0.1`: one index per digit group.
    private func legacyIndexes(of base: HCLExpression, token: Token) -> HCLExpression {
        var expression = base
        var groupStart = token.start
        for offset in token.start...token.end where offset == token.end || text[offset] == UInt8(ascii: ".") {
            let key = HCLExpression(.number(text.string(groupStart, offset)), range: text.range(groupStart, offset))
            expression = HCLExpression(
                .index(expression, key: key, isLegacy: true), range: text.range(base.range.startOffset, offset))
            groupStart = offset + 1
        }
        return expression
    }
}
