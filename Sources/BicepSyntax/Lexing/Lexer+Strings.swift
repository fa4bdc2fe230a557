extension Lexer {
    /// Scans a `'...'` string up to its closing quote (`stringComplete`/`stringRightPiece`) or its next `${`
    /// (`stringLeftPiece`/`stringMiddlePiece`). The opening `'` or the `}` closing a hole is already consumed.
    mutating func scanStringSegment(atStart: Bool, _ isUnterminated: inout Bool) -> TokenKind {
        let end: TokenKind = atStart ? .stringComplete : .stringRightPiece
        let hole: TokenKind = atStart ? .stringLeftPiece : .stringMiddlePiece
        while true {
            guard index < text.count else {
                report(.unterminatedString, index, index, "string is not closed before the end of the file")
                isUnterminated = true
                return end
            }
            let byte = text[index]
            if byte == 0x0A || byte == 0x0D {
                report(.unterminatedString, index, index, "string is not closed before the end of the line")
                isUnterminated = true
                return end
            }
            let escapeStart = index
            index += 1
            switch byte {
            case UInt8(ascii: "'"):
                return end
            case UInt8(ascii: "$") where text[index] == UInt8(ascii: "{"):
                index += 1
                return hole
            case UInt8(ascii: "\\"):
                scanEscape(from: escapeStart)
            default:
                continue
            }
        }
    }

    /// Scans one escape sequence after its `\`: `\n \r \t \\ \' \$` (`\${` counts as one) or `\u{hex}`.
    private mutating func scanEscape(from escapeStart: Int) {
        guard index < text.count else {
            report(.unterminatedString, escapeStart, index, "escape sequence is not finished before the end of the file")
            return
        }
        let escaped = text[index]
        switch escaped {
        case UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "\\"), UInt8(ascii: "'"):
            index += 1
        case UInt8(ascii: "$"):
            index += text[index + 1] == UInt8(ascii: "{") ? 2 : 1
        case UInt8(ascii: "u"):
            index += 1
            guard text[index] == UInt8(ascii: "{") else {
                reportInvalidUnicodeEscape(from: escapeStart)
                return
            }
            index += 1
            let digitsStart = index
            while Self.isHexDigit(text[index]) { index += 1 }
            let digits = index - digitsStart
            guard digits > 0, text[index] == UInt8(ascii: "}") else {
                reportInvalidUnicodeEscape(from: escapeStart)
                return
            }
            index += 1
            if Self.codePoint(text, digitsStart, digitsStart + digits) == nil { reportInvalidUnicodeEscape(from: escapeStart) }
        case 0x0A, 0x0D:
            // Left for the string scanner, which reports the unterminated string.
            report(.invalidEscape, escapeStart, index, "'\\' at the end of a line is not an escape sequence")
        default:
            while index + 1 < text.count && text[index + 1] & 0xC0 == 0x80 { index += 1 }
            index += 1
            report(
                .invalidEscape, escapeStart, index,
                "unrecognized escape sequence '\(text.string(escapeStart, index))'; Bicep knows \\' \\\\ \\n \\r \\t \\$ and \\u{...}")
        }
    }

    private mutating func reportInvalidUnicodeEscape(from start: Int) {
        report(.invalidEscape, start, index, "invalid Unicode escape; write \\u{hex digits} with a value up to 10FFFF")
    }

    /// The value of the hex digits `start..<end`, if they name a code point (at most 10FFFF).
    static func codePoint(_ text: SourceText, _ start: Int, _ end: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in start..<end {
            let byte = text[offset]
            let digit: UInt32 =
                isDigit(byte) ? UInt32(byte - 0x30) : UInt32((byte | 0x20) - UInt8(ascii: "a") + 10)
            value = value * 16 + digit
            if value > 0x10FFFF { return nil }
        }
        return value
    }

    /// Scans a `'''` string (the opening quotes already consumed): no escapes, and holes only in a `$'''` string,
    /// opened by as many `$` as the string's prefix has followed by `{`. It ends at the first run of three or more
    /// quotes; the string keeps all but the last three of them.
    mutating func scanMultiLineString(atStart: Bool, dollarCount: Int, _ isUnterminated: inout Bool) -> TokenKind {
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "$"):
                var dollars = 0
                while text[index] == UInt8(ascii: "$") {
                    index += 1
                    dollars += 1
                }
                if dollarCount > 0 && dollars >= dollarCount && text[index] == UInt8(ascii: "{") {
                    index += 1
                    return atStart ? .stringLeftPiece : .stringMiddlePiece
                }
            case UInt8(ascii: "'"):
                var quotes = 0
                while text[index] == UInt8(ascii: "'") {
                    index += 1
                    quotes += 1
                }
                if quotes >= 3 { return atStart ? .stringComplete : .stringRightPiece }
            default:
                index += 1
            }
        }
        report(.unterminatedString, index, index, "multi-line string is not closed with ''' before the end of the file")
        isUnterminated = true
        return atStart ? .stringComplete : .stringRightPiece
    }
}
