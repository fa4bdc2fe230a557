import SourceModel

/// The offsets where lines start in a UTF-8 text, to turn byte offsets into lines and columns. Line breaks are
/// `\n`, `\r\n` and a lone `\r`. Columns count Unicode scalars; lines that are pure ASCII take a shortcut.
struct LineTable: Sendable {
    /// The offset of each line's first byte; the first line starts after a byte order mark.
    private(set) var lineStarts: [Int]
    /// Whether each line holds only ASCII bytes (then a column is an offset difference).
    private var lineIsASCII: [Bool]

    init(_ bytes: UnsafeBufferPointer<UInt8>, firstLineStart: Int) {
        var starts = [firstLineStart]
        var ascii: [Bool] = []
        var lineIsPlain = true
        var index = firstLineStart
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            if byte == 0x0A || (byte == 0x0D && (index == count || bytes[index] != 0x0A)) {
                starts.append(index)
                ascii.append(lineIsPlain)
                lineIsPlain = true
            } else if byte >= 0x80 {
                lineIsPlain = false
            }
        }
        ascii.append(lineIsPlain)
        lineStarts = starts
        lineIsASCII = ascii
    }

    /// The line index (0-based) holding `offset`, starting the search at `hint` (offsets mostly grow).
    func lineIndex(of offset: Int, hint: Int) -> Int {
        var line = min(max(hint, 0), lineStarts.count - 1)
        if lineStarts[line] > offset {
            // Going backwards: binary search.
            var low = 0
            var high = line
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return low
        }
        while line + 1 < lineStarts.count && lineStarts[line + 1] <= offset {
            line += 1
        }
        return line
    }

    /// The 1-based line and column of `offset`.
    func position(of offset: Int, hint: inout Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        let line = lineIndex(of: offset, hint: hint)
        hint = line
        let start = lineStarts[line]
        if offset <= start { return SourcePosition(line: line + 1, column: 1) }
        if lineIsASCII[line] { return SourcePosition(line: line + 1, column: offset - start + 1) }
        var column = 1
        for index in start..<min(offset, bytes.count) where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return SourcePosition(line: line + 1, column: column)
    }
}
