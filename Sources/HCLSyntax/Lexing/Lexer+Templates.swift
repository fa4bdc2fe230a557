extension Lexer {
    // MARK: Quoted templates

    /// Lexes the next piece of a quoted template: literal text, an interpolation or directive opener, or the
    /// closing quote. A line break or the end of the file ends the string with an error.
    mutating func lexQuoted(openOffset: Int) {
        let start = index
        while true {
            let byte = text[index]
            if index >= text.count || byte == 0x0A || (byte == 0x0D && text[index + 1] == 0x0A) {
                if start < index { emit(.templateLiteral, start, index) }
                report(
                    .unterminatedString, openOffset, openOffset + 1,
                    "unterminated string: the '\"' opened here has no closing '\"' on its line")
                modes.removeLast()
                return
            }
            if byte == UInt8(ascii: "\"") {
                if start < index { emit(.templateLiteral, start, index) }
                emit(.closeQuote, index, index + 1)
                index += 1
                modes.removeLast()
                return
            }
            if byte == UInt8(ascii: "\\") {
                index += text[index + 1] == 0x0A || index + 1 >= text.count ? 1 : 2
                continue
            }
            if openTemplateSequence(literalStart: start) { return }
            index += 1
        }
    }

    /// At `$` or `%`: `$${` and `%%{` are literal text (skipped, true not returned); `${` and `%{` emit the literal
    /// before them and an opener, and enter expression mode (true).
    mutating func openTemplateSequence(literalStart: Int) -> Bool {
        let byte = text[index]
        guard byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%") else { return false }
        if text[index + 1] == byte && text[index + 2] == UInt8(ascii: "{") {
            index += 2
            return false
        }
        guard text[index + 1] == UInt8(ascii: "{") else { return false }
        if literalStart < index { emit(.templateLiteral, literalStart, index) }
        let start = index
        index += 2
        let strips = text[index] == UInt8(ascii: "~")
        if strips { index += 1 }
        emit(byte == UInt8(ascii: "$") ? .interpolationOpen : .directiveOpen, start, index, strips: strips)
        modes.append(.expression(braces: 0))
        return true
    }

    // MARK: Bare templates

    /// Lexes the next piece of a bare template: literal text up to an interpolation, a directive or the end of the
    /// text, which ends the template.
    mutating func lexBareTemplate() {
        let start = index
        while index < text.count {
            let before = tokens.count
            if openTemplateSequence(literalStart: start) {
                if tokens.count - before == 2 { tokens[before].isHeredocLiteral = true }
                return
            }
            index += 1
        }
        if start < index {
            emit(.templateLiteral, start, index)
            tokens[tokens.count - 1].isHeredocLiteral = true
        }
        modes.removeLast()
    }

    // MARK: Heredocs

    /// At `<<`: `<<MARKER` or `<<-MARKER` followed by a line break opens a heredoc (true). Anything else is not one.
    mutating func lexHeredocOpen(start: Int) -> Bool {
        var cursor = start + 2
        let isIndented = text[cursor] == UInt8(ascii: "-")
        if isIndented { cursor += 1 }
        let markerStart = cursor
        guard let first = identifierStartLength(at: cursor) else { return false }
        cursor += first
        let saved = index
        index = cursor
        scanIdentifierRest()
        cursor = index
        index = saved
        let markerEnd = cursor
        if text[cursor] == 0x0D { cursor += 1 }
        guard text[cursor] == 0x0A else { return false }
        index = cursor + 1
        emit(.heredocOpen, start, index)
        let marker = Array(text.bytes[markerStart..<markerEnd])
        modes.append(.heredoc(Heredoc(marker: marker, isIndented: isIndented, openOffset: start)))
        return true
    }

    /// Lexes the next piece of a heredoc: its closing marker line, or literal text up to an interpolation, a
    /// directive or the end of the line (a line's break belongs to its literal).
    mutating func lexHeredoc(_ heredoc: Heredoc) {
        var heredoc = heredoc
        if heredoc.atLineStart {
            var cursor = index
            while text[cursor] == 0x20 || text[cursor] == 0x09 { cursor += 1 }
            let end = cursor + heredoc.marker.count
            var after = end
            while text[after] == 0x20 || text[after] == 0x09 { after += 1 }
            // Spaces may surround the marker on its line (HCL trims the line before comparing).
            if end <= text.count && text.bytes[cursor..<end].elementsEqual(heredoc.marker)
                && (after >= text.count || text[after] == 0x0A || (text[after] == 0x0D && text[after + 1] == 0x0A))
            {
                emit(.heredocClose, index, end)
                index = end
                finish(heredoc)
                return
            }
        }
        if index >= text.count {
            let markerText = String(decoding: heredoc.marker, as: UTF8.self)
            report(
                .unterminatedHeredoc, heredoc.openOffset, heredoc.openOffset + 2,
                "unterminated heredoc: no line holding only '\(markerText)' closes the heredoc opened here")
            finish(heredoc)
            return
        }
        let start = index
        let wasAtLineStart = heredoc.atLineStart
        while index < text.count {
            if text[index] == 0x0A {
                index += 1
                break
            }
            let before = tokens.count
            if openTemplateSequence(literalStart: start) {
                // The opener is pushed above this heredoc: record the state under it.
                let literalEmitted = tokens.count - before == 2
                record(&heredoc, literalAt: literalEmitted ? before : nil, startsLine: wasAtLineStart)
                heredoc.atLineStart = false
                modes[modes.count - 2] = .heredoc(heredoc)
                return
            }
            index += 1
        }
        if start < index {
            emit(.templateLiteral, start, index)
            record(&heredoc, literalAt: tokens.count - 1, startsLine: wasAtLineStart)
        }
        heredoc.atLineStart = index > start && text[index - 1] == 0x0A
        modes[modes.count - 1] = .heredoc(heredoc)
    }

    /// Notes a heredoc piece that starts a line, for `<<-` indentation: a literal's leading spaces and tabs, or no
    /// indentation at all when the line starts with an interpolation or directive. Blank lines do not count.
    private mutating func record(_ heredoc: inout Heredoc, literalAt tokenIndex: Int?, startsLine: Bool) {
        tokens[tokens.count - 1].isHeredocLiteral = tokens[tokens.count - 1].kind == .templateLiteral
        if let tokenIndex { tokens[tokenIndex].isHeredocLiteral = true }
        guard startsLine else { return }
        guard let tokenIndex else {
            heredoc.minimumIndent = 0
            return
        }
        let token = tokens[tokenIndex]
        var cursor = token.start
        while cursor < token.end && (text[cursor] == 0x20 || text[cursor] == 0x09) { cursor += 1 }
        var rest = cursor
        while rest < token.end && (text[rest] == 0x0D || text[rest] == 0x0A) { rest += 1 }
        if rest == token.end && text[token.end - 1] == 0x0A { return }
        heredoc.minimumIndent = min(heredoc.minimumIndent, cursor - token.start)
        heredoc.lineLeadingLiterals.append(tokenIndex)
    }

    /// Closes a heredoc: for `<<-`, every line-leading literal drops the common indentation.
    private mutating func finish(_ heredoc: Heredoc) {
        modes.removeLast()
        guard heredoc.isIndented, heredoc.minimumIndent != Int.max else { return }
        for tokenIndex in heredoc.lineLeadingLiterals {
            tokens[tokenIndex].indentToDrop = heredoc.minimumIndent
        }
    }

    // MARK: Identifiers

    /// The byte length of the scalar at `offset` if it can start an identifier (a letter, `_`, or a Unicode
    /// ID_Start character), else nil.
    func identifierStartLength(at offset: Int) -> Int? {
        let byte = text[offset]
        if byte < 0x80 {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            return isLetter || byte == UInt8(ascii: "_") ? 1 : nil
        }
        guard let (scalar, length) = scalar(at: offset), scalar.properties.isIDStart else { return nil }
        return length
    }

    /// Identifier characters after the first: letters, digits, `_`, `-` and Unicode ID_Continue characters.
    mutating func scanIdentifierRest() {
        while index < text.count {
            let byte = text[index]
            if byte < 0x80 {
                let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                guard isLetter || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") else { return }
                index += 1
            } else {
                guard let (scalar, length) = scalar(at: index), scalar.properties.isIDContinue else { return }
                index += length
            }
        }
    }

    /// The bytes a UTF-8 sequence starting at `offset` says it has (1 for a stray byte).
    func scalarLength(at offset: Int) -> Int {
        let byte = text[offset]
        if byte >= 0xF8 { return 1 }
        if byte >= 0xF0 { return 4 }
        if byte >= 0xE0 { return 3 }
        if byte >= 0xC0 { return 2 }
        return 1
    }

    /// The Unicode scalar at `offset` and its length, if the bytes there are valid UTF-8.
    func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        let length = scalarLength(at: offset)
        guard length > 1, offset + length <= text.count else { return nil }
        var value = UInt32(text[offset]) & (0xFF >> (length + 1))
        for cursor in offset + 1..<offset + length {
            let byte = text[cursor]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }
}
