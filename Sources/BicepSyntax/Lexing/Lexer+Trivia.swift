extension Lexer {
    /// Skips spaces, tabs and comments, keeping comments and `#disable-next-line`-style pragmas aside. Line breaks
    /// are tokens, so they stop the skipping.
    mutating func skipTrivia() {
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                index += 1
            } else if byte == UInt8(ascii: "/") && text[index + 1] == UInt8(ascii: "/") {
                let start = index
                while index < text.count && text[index] != 0x0A && text[index] != 0x0D { index += 1 }
                appendComment(.line, start)
            } else if byte == UInt8(ascii: "/") && text[index + 1] == UInt8(ascii: "*") {
                let start = index
                index += 2
                while index < text.count && !(text[index] == UInt8(ascii: "*") && text[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                if index < text.count {
                    index += 2
                } else {
                    report(.unterminatedComment, start, index, "comment opened with /* is not closed before the end of the file")
                }
                appendComment(.block, start)
            } else if byte == UInt8(ascii: "#"), onlyWhitespaceBeforeOnLine(index), let kind = pragmaKind(at: index + 1) {
                scanPragma(kind)
            } else {
                return
            }
        }
    }

    private mutating func appendComment(_ style: Comment.Style, _ start: Int) {
        comments.append(Comment(style: style, text: text.string(start, index), range: text.range(start, index, hint: &lineHint)))
    }

    private func onlyWhitespaceBeforeOnLine(_ offset: Int) -> Bool {
        var cursor = offset - 1
        while cursor >= text.contentStart {
            let byte = text[cursor]
            if byte == 0x0A || byte == 0x0D { return true }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { return false }
            cursor -= 1
        }
        return true
    }

    private static let pragmaKeywords: [(DiagnosticsPragma.Kind, [UInt8])] = [
        (.disableNextLine, Array("disable-next-line".utf8)), (.disableDiagnostics, Array("disable-diagnostics".utf8)),
        (.restoreDiagnostics, Array("restore-diagnostics".utf8)),
    ]

    private func pragmaKind(at offset: Int) -> DiagnosticsPragma.Kind? {
        for (kind, keyword) in Self.pragmaKeywords where offset + keyword.count <= text.count {
            if keyword.elementsEqual(text.bytes[offset..<(offset + keyword.count)]) { return kind }
        }
        return nil
    }

    /// `#keyword code code ...` to the end of the line. Codes are runs of letters, digits, `_` and `-`; anything
    /// else ends the pragma and is lexed as usual.
    private mutating func scanPragma(_ kind: DiagnosticsPragma.Kind) {
        let start = index
        index += 1 + kind.rawValue.utf8.count
        var end = index
        var codes: [String] = []
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                index += 1
            } else if Self.isIdentifierContinuation(byte) || byte == UInt8(ascii: "-") {
                let codeStart = index
                while Self.isIdentifierContinuation(text[index]) || text[index] == UInt8(ascii: "-") { index += 1 }
                codes.append(text.string(codeStart, index))
                end = index
            } else {
                break
            }
        }
        index = end
        if codes.isEmpty {
            report(
                .missingPragmaCodes, start, end,
                "#\(kind.rawValue) needs at least one diagnostic code: #\(kind.rawValue) code1 code2 ...")
        }
        pragmas.append(DiagnosticsPragma(kind: kind, codes: codes, range: text.range(start, end, hint: &lineHint)))
    }
}
