extension Parser {
    /// `"..."`: literal text, interpolations and directives up to the closing quote.
    mutating func quotedTemplate() throws(HCLSyntaxError) -> HCLExpression {
        let open = advance()
        pushNewlines(false)
        defer { popNewlines() }
        pendingStrip = false
        let parts = try templateParts()
        if tokens[position].kind == .closeQuote {
            position += 1
        } else if !(tokens[position].kind == .newline || tokens[position].kind == .endOfFile) {
            // A line break or the end of the file: the lexer has reported the unterminated string.
            throw unexpected("'\"' to close the string \(openedAt(open))")
        }
        return HCLExpression(.template(HCLTemplate(parts: parts, style: .quoted)), range: range(from: open.start))
    }

    /// `<<MARKER` or `<<-MARKER`, lines, and the marker on a line of its own.
    mutating func heredocTemplate() throws(HCLSyntaxError) -> HCLExpression {
        let open = advance()
        pushNewlines(false)
        defer { popNewlines() }
        let opener = text.string(of: open)
        let isIndented = opener.hasPrefix("<<-")
        let marker = String(opener.dropFirst(isIndented ? 3 : 2).prefix { $0 != "\n" && $0 != "\r" })
        pendingStrip = false
        let parts = try templateParts()
        if tokens[position].kind == .heredocClose {
            position += 1
        } else if tokens[position].kind != .endOfFile {
            throw unexpected("'\(marker)' on a line of its own to close the heredoc \(openedAt(open))")
        }
        let style = HCLTemplate.Style.heredoc(marker: marker, isIndented: isIndented)
        return HCLExpression(.template(HCLTemplate(parts: parts, style: style)), range: range(from: open.start))
    }

    /// A bare template (the lexer started in bare template mode): its parts up to the end of the text. A directive
    /// keyword with no opener (`%{endif}` alone) is an error.
    mutating func bareTemplate() -> HCLTemplate {
        pushNewlines(false)
        defer { popNewlines() }
        var parts: [HCLTemplate.Part] = []
        while true {
            do throws(HCLSyntaxError) {
                parts += try templateParts()
                guard tokens[position].kind != .endOfFile else { break }
                throw unexpected("template text, '${' or '%{if' / '%{for'")
            } catch {
                errors.append(error)
                while tokens[position].kind != .endOfFile && tokens[position].kind != .templateClose { position += 1 }
                if tokens[position].kind == .endOfFile { break }
                position += 1
            }
        }
        return HCLTemplate(parts: parts, style: .nested)
    }

    /// Template parts up to the end of the template or to a `%{else}`, `%{endif}` or `%{endfor}` (left unread).
    private mutating func templateParts() throws(HCLSyntaxError) -> [HCLTemplate.Part] {
        var parts: [HCLTemplate.Part] = []
        while true {
            let token = tokens[position]
            switch token.kind {
            case .templateLiteral:
                position += 1
                var value = decode(token)
                if pendingStrip {
                    value = String(value.drop { $0.isWhitespace })
                    pendingStrip = false
                }
                parts.append(.literal(value, range: text.range(of: token)))
            case .interpolationOpen:
                position += 1
                if token.strips { stripTrailingWhitespace(&parts) }
                pendingStrip = false
                let value = try expression()
                let close = try expectClosing(.templateClose, "'}' to close the interpolation", openedBy: token)
                pendingStrip = close.strips
                parts.append(.interpolation(value, range: text.range(token.start, close.end)))
            case .directiveOpen:
                switch directiveKeyword(after: token) {
                case "if": parts.append(try ifDirective(&parts))
                case "for": parts.append(try forDirective(&parts))
                case "else", "endif", "endfor": return parts
                default:
                    position += 1
                    throw unexpected("'if', 'for', 'else', 'endif' or 'endfor' after '%{'")
                }
            default:
                return parts
            }
        }
    }

    private func directiveKeyword(after open: Token) -> String? {
        var index = position + 1
        while tokens[index].kind == .newline { index += 1 }
        return tokens[index].kind == .identifier ? text.string(of: tokens[index]) : nil
    }

    /// Reads `%{[~] keyword`, stripping the literal before it if asked.
    private mutating func directiveStart(_ keyword: String, before parts: inout [HCLTemplate.Part]) throws(HCLSyntaxError)
        -> Token
    {
        let open = try expect(.directiveOpen, "'%{\(keyword)}'")
        if open.strips { stripTrailingWhitespace(&parts) }
        guard at(keyword: keyword) else { throw unexpected("'\(keyword)'") }
        advance()
        return open
    }

    /// Reads the `}` or `~}` ending a directive.
    private mutating func directiveEnd(_ what: String, openedBy open: Token) throws(HCLSyntaxError) {
        let close = try expectClosing(.templateClose, "'}' to close the \(what) directive", openedBy: open)
        pendingStrip = close.strips
    }

    /// `%{if condition}...[%{else}...]%{endif}`.
    private mutating func ifDirective(_ before: inout [HCLTemplate.Part]) throws(HCLSyntaxError) -> HCLTemplate.Part {
        try enter()
        defer { leave() }
        let open = try directiveStart("if", before: &before)
        let condition = try expression()
        try directiveEnd("'%{if}'", openedBy: open)
        var thenParts = try templateParts()
        var elseTemplate: HCLTemplate?
        if tokens[position].kind == .directiveOpen && directiveKeyword(after: tokens[position]) == "else" {
            let elseOpen = try directiveStart("else", before: &thenParts)
            try directiveEnd("'%{else}'", openedBy: elseOpen)
            var elseParts = try templateParts()
            try closeDirective("endif", opener: open, before: &elseParts)
            elseTemplate = HCLTemplate(parts: elseParts, style: .nested)
        } else {
            try closeDirective("endif", opener: open, before: &thenParts)
        }
        return .ifDirective(
            condition: condition, then: HCLTemplate(parts: thenParts, style: .nested), else: elseTemplate,
            range: range(from: open.start))
    }

    /// `%{for [key,] value in collection}...%{endfor}`.
    private mutating func forDirective(_ before: inout [HCLTemplate.Part]) throws(HCLSyntaxError) -> HCLTemplate.Part {
        try enter()
        defer { leave() }
        let open = try directiveStart("for", before: &before)
        let (keyVariable, valueVariable) = try forVariables(named: "the '%{for}' variables")
        let collection = try expression()
        try directiveEnd("'%{for}'", openedBy: open)
        var body = try templateParts()
        try closeDirective("endfor", opener: open, before: &body)
        return .forDirective(
            keyVariable: keyVariable, valueVariable: valueVariable, collection: collection,
            body: HCLTemplate(parts: body, style: .nested), range: range(from: open.start))
    }

    /// `%{endif}` or `%{endfor}`, which must be next.
    private mutating func closeDirective(_ keyword: String, opener: Token, before parts: inout [HCLTemplate.Part])
        throws(HCLSyntaxError)
    {
        guard tokens[position].kind == .directiveOpen, directiveKeyword(after: tokens[position]) == keyword else {
            throw unexpected("'%{\(keyword)}' to close the directive \(openedAt(opener))")
        }
        let open = try directiveStart(keyword, before: &parts)
        try directiveEnd("'%{\(keyword)}'", openedBy: open)
    }

    /// `~` before an interpolation or directive: the literal just before loses its trailing whitespace.
    private func stripTrailingWhitespace(_ parts: inout [HCLTemplate.Part]) {
        guard case .literal(let value, let range) = parts.last else { return }
        var trimmed = Substring(value)
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        parts[parts.count - 1] = .literal(String(trimmed), range: range)
    }
}
