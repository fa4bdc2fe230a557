import SourceModel

/// The bytes being parsed and their line table. Lives only inside one parse (it borrows the bytes).
struct SourceText {
    let bytes: UnsafeBufferPointer<UInt8>
    let lines: LineTable
    /// The offset after a UTF-8 byte order mark, or 0.
    let contentStart: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        contentStart = hasByteOrderMark ? 3 : 0
        lines = LineTable(bytes, firstLineStart: contentStart)
    }

    var count: Int { bytes.count }

    /// The byte at `offset`, or 0 past the end (the lexer's sentinel).
    @inline(__always)
    subscript(offset: Int) -> UInt8 {
        offset < bytes.count ? bytes[offset] : 0
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    func string(of token: Token) -> String {
        string(token.startOffset, token.endOffset)
    }

    func range(_ start: Int, _ end: Int, hint: inout Int) -> SourceRange {
        let startPosition = lines.position(of: start, hint: &hint, in: bytes)
        let endPosition = lines.position(of: end, hint: &hint, in: bytes)
        return SourceRange(start: startPosition, end: endPosition, startOffset: start, endOffset: end)
    }

    /// How an error message names a token: `newline`, `end of file`, `identifier 'name'`, `')'`...
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newLine: return "newline"
        case .endOfFile: return "end of file"
        case .identifier: return "identifier '\(shortened(token))'"
        case .integer: return "integer \(shortened(token))"
        case .stringComplete, .stringLeftPiece: return "string \(shortened(token))"
        case .stringMiddlePiece, .stringRightPiece: return "'}' closing an interpolation"
        default: return "'\(shortened(token))'"
        }
    }

    private func shortened(_ token: Token) -> String {
        let limit = 40
        if token.endOffset - token.startOffset <= limit { return string(of: token) }
        var end = token.startOffset + limit
        while end > token.startOffset && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return string(token.startOffset, end) + "..."
    }
}
