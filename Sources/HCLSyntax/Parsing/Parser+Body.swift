extension Parser {
    /// Attributes and blocks up to the end of the file, or up to the `}` closing the enclosing block (left unread).
    mutating func bodyItems(insideBlock: Bool) -> [HCLBody.Item] {
        var items: [HCLBody.Item] = []
        while true {
            skipNewlines()
            if at(.endOfFile) { return items }
            if at(.rightBrace) {
                if insideBlock { return items }
                errors.append(unexpected("an attribute name or block type"))
                advance()
                continue
            }
            let itemStart = position
            let savedDepth = depth
            let savedNewlines = newlinesMatter
            do throws(HCLSyntaxError) {
                items.append(try bodyItem())
            } catch {
                errors.append(error)
                depth = savedDepth
                newlinesMatter = savedNewlines
                pendingStrip = false
                recover(itemStart: itemStart)
            }
        }
    }

    /// `name = expression` or `type labels { body }`, and the line break after it.
    mutating func bodyItem() throws(HCLSyntaxError) -> HCLBody.Item {
        let nameToken = try expect(.identifier, "an attribute name or block type")
        let name = HCLIdentifier(text.string(of: nameToken), range: text.range(of: nameToken))
        if at(.equals) {
            advance()
            let value = try expression()
            try expectEndOfLine(after: "the attribute's value")
            return .attribute(HCLAttribute(name: name, value: value, range: text.range(nameToken.start, value.range.endOffset)))
        }
        var labels: [HCLBlock.Label] = []
        while at(.identifier) || at(.openQuote) {
            labels.append(try label())
        }
        let open = try expect(.leftBrace, labels.isEmpty ? "'=' or a block label or '{'" : "a block label or '{'")
        try enter()
        let body: HCLBody
        if at(.newline) {
            let items = bodyItems(insideBlock: true)
            let close = try expectClosing(.rightBrace, "'}' to close the block", openedBy: open)
            body = HCLBody(items: items, range: text.range(open.end, close.start))
        } else {
            body = try oneLineBody(open: open)
        }
        leave()
        let block = HCLBlock(type: name, labels: labels, body: body, range: range(from: nameToken.start))
        try expectEndOfLine(after: "the block's '}'")
        return .block(block)
    }

    /// `{ }` or `{ name = expression }` on one line; the opening brace is read.
    private mutating func oneLineBody(open: Token) throws(HCLSyntaxError) -> HCLBody {
        var items: [HCLBody.Item] = []
        if !at(.rightBrace) {
            let nameToken = try expect(.identifier, "an attribute name, a line break or '}'")
            _ = try expect(.equals, "'=' (a block on one line may hold one attribute and no block)")
            let value = try expression()
            let name = HCLIdentifier(text.string(of: nameToken), range: text.range(of: nameToken))
            items.append(.attribute(HCLAttribute(name: name, value: value, range: text.range(nameToken.start, value.range.endOffset))))
        }
        let close = try expectClosing(.rightBrace, "'}' to close the one-line block", openedBy: open)
        return HCLBody(items: items, range: text.range(open.end, close.start))
    }

    /// A block label: a quoted string without interpolation, or a bare identifier.
    private mutating func label() throws(HCLSyntaxError) -> HCLBlock.Label {
        if at(.identifier) {
            let token = advance()
            return HCLBlock.Label(value: text.string(of: token), isQuoted: false, range: text.range(of: token))
        }
        let template = try quotedTemplate()
        guard case .template(let value) = template.kind, let literal = value.literalValue else {
            throw HCLSyntaxError(
                code: .unexpectedToken, range: template.range, expected: "a literal block label",
                message: "a block label cannot hold an interpolation or a directive; write it as plain text")
        }
        return HCLBlock.Label(value: literal, isQuoted: true, range: template.range)
    }

    /// A line break or the end of the file; a `}` closing the block around is left for it.
    private mutating func expectEndOfLine(after what: String) throws(HCLSyntaxError) {
        if at(.newline) {
            advance()
        } else if !at(.endOfFile) && !at(.rightBrace) {
            throw unexpected("a line break after \(what)")
        }
    }
}
