import SourceModel

/// The bytes being parsed, the offsets where lines start, and the file's name: turns offsets into ranges.
struct SourceText: Sendable {
    let bytes: [UInt8]
    let file: String
    /// The offset of each line's first byte; line breaks are `\n` and `\r\n`.
    let lineStarts: [Int]
    /// Whether each line holds only ASCII bytes (then a column is an offset difference).
    let lineIsASCII: [Bool]
    /// The offset after a UTF-8 byte order mark, or 0.
    let contentStart: Int
    /// Where the text's first byte sits in its file: (1, 1) for a whole file, elsewhere for text taken from inside
    /// another file (a string of a `.tf.json` file).
    let origin: SourcePosition

    init(_ bytes: [UInt8], file: String, origin: SourcePosition = SourcePosition(line: 1, column: 1)) {
        self.bytes = bytes
        self.file = file
        self.origin = origin
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        contentStart = hasByteOrderMark ? 3 : 0
        var starts = [contentStart]
        var ascii: [Bool] = []
        var lineIsPlain = true
        for index in contentStart..<bytes.count {
            if bytes[index] == 0x0A {
                starts.append(index + 1)
                ascii.append(lineIsPlain)
                lineIsPlain = true
            } else if bytes[index] >= 0x80 {
                lineIsPlain = false
            }
        }
        ascii.append(lineIsPlain)
        lineStarts = starts
        lineIsASCII = ascii
    }

    var count: Int { bytes.count }

    /// The byte at `offset`, or 0 past the end.
    @inline(__always)
    subscript(offset: Int) -> UInt8 {
        offset < bytes.count ? bytes[offset] : 0
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    func string(of token: Token) -> String { string(token.start, token.end) }

    /// The 1-based line and column (in Unicode scalars) of `offset`.
    func position(of offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let line = low + origin.line
        let firstColumn = low == 0 ? origin.column : 1
        if lineIsASCII[low] || offset <= lineStarts[low] {
            return SourcePosition(line: line, column: max(offset - lineStarts[low], 0) + firstColumn)
        }
        var column = firstColumn
        var index = lineStarts[low]
        while index < offset && index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: line, column: column)
    }

    func range(_ start: Int, _ end: Int) -> HCLSourceRange {
        HCLSourceRange(file: file, start: position(of: start), end: position(of: end), startOffset: start, endOffset: end)
    }

    func range(of token: Token) -> HCLSourceRange { range(token.start, token.end) }

    /// How an error message names a token: `newline`, `end of file`, `identifier 'name'`, `'}'`...
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: return "newline"
        case .endOfFile: return "end of file"
        case .identifier: return "identifier '\(shortened(token))'"
        case .number: return "number \(shortened(token))"
        case .openQuote: return "string"
        case .heredocOpen: return "heredoc"
        case .templateLiteral: return "template text"
        case .heredocClose: return "end of heredoc"
        default: return "'\(shortened(token))'"
        }
    }

    private func shortened(_ token: Token) -> String {
        let limit = 40
        if token.end - token.start <= limit { return string(of: token) }
        var end = token.start + limit
        while end > token.start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return string(token.start, end) + "..."
    }
}
