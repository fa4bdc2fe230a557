extension Parser {
    /// A string literal with its interpolation holes: the first token is `stringComplete` or `stringLeftPiece`,
    /// then each hole's expression and the piece after it.
    mutating func stringLiteral() throws(SyntaxError) -> StringLiteral {
        try enterNesting()
        defer { leaveNesting() }
        let first = current
        guard first.kind == .stringComplete || first.kind == .stringLeftPiece else { throw unexpected("a string") }
        advance()
        let style = stringStyle(of: first)
        var segments = [segmentValue(first, style)]
        var interpolations: [Expression] = []
        var holeOpener = first
        if first.kind == .stringLeftPiece {
            while true {
                let holeStart = position
                let interpolation = try recovering(until: TokenSet(.stringMiddlePiece, .stringRightPiece, .newLine)) {
                    parser throws(SyntaxError) in
                    try parser.expression([])
                }
                if interpolation != nil && !at(.stringMiddlePiece) && !at(.stringRightPiece) && !at(.newLine) && !at(.endOfFile) {
                    report(unexpected("'}' \(opened("string interpolation", at: holeOpener))"))
                    skip(until: TokenSet(.stringMiddlePiece, .stringRightPiece, .newLine), openClosers: [], consumeStrayClosers: true)
                }
                interpolations.append(interpolation ?? Expression(.invalid, range: tokens[holeStart].range.through(previous.range)))
                let piece = current
                switch piece.kind {
                case .stringMiddlePiece:
                    advance()
                    segments.append(segmentValue(piece, style))
                    holeOpener = piece
                    continue
                case .stringRightPiece:
                    advance()
                    segments.append(segmentValue(piece, style))
                default:
                    throw unexpected("'}' \(opened("string interpolation", at: holeOpener))")
                }
                break
            }
        }
        return StringLiteral(
            segments: segments, interpolations: interpolations, isMultiLine: style.isMultiLine,
            range: first.range.through(previous.range))
    }

    struct StringStyle {
        var isMultiLine: Bool
        /// For `$'''` strings, how many `$` open a hole.
        var dollarCount: Int
    }

    /// As the compiler tells them apart: a multi-line string starts `'''` or `$'''`.
    func stringStyle(of first: Token) -> StringStyle {
        let start = first.startOffset
        let length = first.endOffset - start
        guard length > 2, text[start] == UInt8(ascii: "$") || text[start + 1] == UInt8(ascii: "'") else {
            return StringStyle(isMultiLine: false, dollarCount: 0)
        }
        var dollars = 0
        while text[start + dollars] == UInt8(ascii: "$") { dollars += 1 }
        return StringStyle(isMultiLine: true, dollarCount: dollars)
    }

    /// The decoded text of one string piece, without its delimiters.
    func segmentValue(_ token: Token, _ style: StringStyle) -> String {
        let opensString = token.kind == .stringComplete || token.kind == .stringLeftPiece
        let closesString = token.kind == .stringComplete || token.kind == .stringRightPiece
        var start = token.startOffset
        var end = token.endOffset
        if style.isMultiLine {
            start += opensString ? style.dollarCount + 3 : 1
            if !token.isUnterminated { end -= closesString ? 3 : style.dollarCount + 1 }
            if opensString {
                // The line break right after the opening quotes is not part of the value.
                if start < end && text[start] == 0x0D { start += 1 }
                if start < end && text[start] == 0x0A { start += 1 }
            }
            return start < end ? text.string(start, end) : ""
        }
        start += 1
        if !token.isUnterminated { end -= closesString ? 1 : 2 }
        return start < end ? decodeEscapes(start, end) : ""
    }

    /// The value of a single-line string's text: escapes replaced (bad ones, already reported, kept as written).
    private func decodeEscapes(_ start: Int, _ end: Int) -> String {
        var hasEscape = false
        for offset in start..<end where text[offset] == UInt8(ascii: "\\") {
            hasEscape = true
            break
        }
        if !hasEscape { return text.string(start, end) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var offset = start
        while offset < end {
            let byte = text[offset]
            guard byte == UInt8(ascii: "\\"), offset + 1 < end else {
                bytes.append(byte)
                offset += 1
                continue
            }
            let escaped = text[offset + 1]
            offset += 2
            switch escaped {
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "$"): bytes.append(escaped)
            case UInt8(ascii: "u") where text[offset] == UInt8(ascii: "{"):
                var digitsEnd = offset + 1
                while digitsEnd < end && Lexer.isHexDigit(text[digitsEnd]) { digitsEnd += 1 }
                if digitsEnd < end, text[digitsEnd] == UInt8(ascii: "}"), digitsEnd > offset + 1,
                    let value = Lexer.codePoint(text, offset + 1, digitsEnd)
                {
                    // A lone surrogate cannot be a Swift string; it becomes U+FFFD.
                    bytes.append(contentsOf: String(Unicode.Scalar(value) ?? "\u{FFFD}").utf8)
                    offset = digitsEnd + 1
                } else {
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), escaped])
                }
            default:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), escaped])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
