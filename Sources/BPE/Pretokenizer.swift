/// The regex split that comes before the merges, hand-written over the UTF-8 of the text.
///
/// Each function below is one of tiktoken's patterns, alternative by alternative, with the backtracking those
/// alternatives would do worked out ahead (the last position that lets the rest match is remembered on the way
/// forward, so nothing is scanned twice):
///
/// cl100k_base: `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|`
/// `\s*[\r\n]|\s+(?!\S)|\s`
///
/// o200k_base: `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|`
/// `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|`
/// `\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
struct Pretokenizer {
    enum Pattern: Sendable {
        case cl100k
        case o200k
    }

    let text: UnsafeBufferPointer<UInt8>
    let classes: UnsafeBufferPointer<UInt8>

    private var count: Int { text.count }

    /// The class and UTF-8 length of the scalar starting at `index` (the text is valid UTF-8, as every String is).
    @inline(__always)
    private func scalar(at index: Int) -> (flags: UInt8, length: Int) {
        let lead = text[index]
        if lead < 0x80 { return (classes[Int(lead)], 1) }
        let (value, length) = decode(at: index)
        return (value < ScalarClass.tableLimit ? classes[Int(value)] : ScalarClass.of(value), length)
    }

    @inline(__always)
    private func decode(at index: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(text[index])
        if lead < 0x80 { return (lead, 1) }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(text[index + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return ((lead & 0x0F) << 12 | UInt32(text[index + 1] & 0x3F) << 6 | UInt32(text[index + 2] & 0x3F), 3)
        }
        let value =
            (lead & 0x07) << 18 | UInt32(text[index + 1] & 0x3F) << 12 | UInt32(text[index + 2] & 0x3F) << 6
            | UInt32(text[index + 3] & 0x3F)
        return (value, 4)
    }

    /// The end of the piece that starts at `start` (always past `start`).
    @inline(__always)
    func pieceEnd(from start: Int, pattern: Pattern) -> Int {
        switch pattern {
        case .cl100k: cl100kEnd(from: start)
        case .o200k: o200kEnd(from: start)
        }
    }

    // MARK: cl100k_base

    private func cl100kEnd(from start: Int) -> Int {
        let (flags, length) = scalar(at: start)
        // '(?i:[sdmt]|ll|ve|re)
        if text[start] == UInt8(ascii: "'"), let end = contraction(at: start) { return end }
        // [^\r\n\p{L}\p{N}]?+\p{L}++
        var index = start
        if flags & (ScalarClass.newline | ScalarClass.letter | ScalarClass.number) == 0 { index += length }
        if index < count, scalar(at: index).flags & ScalarClass.letter != 0 {
            return run(from: index, while: ScalarClass.letter)
        }
        // \p{N}{1,3}+
        if flags & ScalarClass.number != 0 { return numbers(from: start) }
        // ' ?[^\s\p{L}\p{N}]++[\r\n]*+'
        if let end = punctuation(from: start, trailing: false) { return end }
        return whitespace(from: start, length: length, pattern: .cl100k)
    }

    // MARK: o200k_base

    private func o200kEnd(from start: Int) -> Int {
        let (flags, length) = scalar(at: start)
        let prefixable = flags & (ScalarClass.newline | ScalarClass.letter | ScalarClass.number) == 0
        let cased = ScalarClass.upper | ScalarClass.lower
        // First alternative with the optional prefix taken, then without; then the second alternative likewise.
        if prefixable, start + length < count, scalar(at: start + length).flags & cased != 0 {
            if let end = upperThenLower(from: start + length) { return end }
        }
        if flags & cased != 0, let end = upperThenLower(from: start) { return end }
        if prefixable, start + length < count, scalar(at: start + length).flags & ScalarClass.upper != 0 {
            return upperRun(from: start + length)
        }
        if flags & ScalarClass.upper != 0 { return upperRun(from: start) }
        // \p{N}{1,3}
        if flags & ScalarClass.number != 0 { return numbers(from: start) }
        // ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        if let end = punctuation(from: start, trailing: true) { return end }
        return whitespace(from: start, length: length, pattern: .o200k)
    }

    /// `[upper]*[lower]+(?i:'s|...)?` from `start`, or nil where it cannot match.
    @inline(__always)
    private func upperThenLower(from start: Int) -> Int? {
        // Greedy [upper]* takes the whole run; if no lower scalar follows, it gives back up to the last scalar of
        // the run that is also lower (Lm, Lo and marks are in both classes), which [lower]+ then takes alone.
        var index = start
        var lastLowerEnd = -1
        while index < count {
            let (flags, length) = scalar(at: index)
            if flags & ScalarClass.upper == 0 { break }
            index += length
            if flags & ScalarClass.lower != 0 { lastLowerEnd = index }
        }
        if index < count, scalar(at: index).flags & ScalarClass.lower != 0 {
            return optionalContraction(at: run(from: index, while: ScalarClass.lower))
        }
        return lastLowerEnd >= 0 ? optionalContraction(at: lastLowerEnd) : nil
    }

    /// `[upper]+[lower]*(?i:'s|...)?` from `start`, whose first scalar is upper.
    @inline(__always)
    private func upperRun(from start: Int) -> Int {
        let end = run(from: run(from: start, while: ScalarClass.upper), while: ScalarClass.lower)
        return optionalContraction(at: end)
    }

    // MARK: Shared alternatives

    /// The end of the longest run of scalars having any of `flags`.
    @inline(__always)
    private func run(from start: Int, while flags: UInt8) -> Int {
        var index = start
        while index < count {
            let lead = text[index]
            if lead < 0x80 {
                if classes[Int(lead)] & flags == 0 { break }
                index += 1
            } else {
                let (scalarFlags, length) = scalar(at: index)
                if scalarFlags & flags == 0 { break }
                index += length
            }
        }
        return index
    }

    /// `\p{N}{1,3}` from `start`, whose first scalar is a number.
    private func numbers(from start: Int) -> Int {
        var index = start
        var taken = 0
        while taken < 3, index < count {
            let (flags, length) = scalar(at: index)
            if flags & ScalarClass.number == 0 { break }
            index += length
            taken += 1
        }
        return index
    }

    /// `' ?[^\s\p{L}\p{N}]+[\r\n]*'` (or `[\r\n/]*` with `trailing`), or nil where it cannot match.
    private func punctuation(from start: Int, trailing slash: Bool) -> Int? {
        var index = start
        if text[index] == UInt8(ascii: " ") { index += 1 }
        let excluded = ScalarClass.whitespace | ScalarClass.letter | ScalarClass.number
        guard index < count, scalar(at: index).flags & excluded == 0 else { return nil }
        while index < count {
            let (flags, length) = scalar(at: index)
            if flags & excluded != 0 { break }
            index += length
        }
        while index < count {
            let byte = text[index]
            guard byte == 0x0A || byte == 0x0D || (slash && byte == UInt8(ascii: "/")) else { break }
            index += 1
        }
        return index
    }

    /// The whitespace alternatives, at a whitespace scalar of `length` bytes.
    private func whitespace(from start: Int, length: Int, pattern: Pattern) -> Int {
        var index = start
        var lastNewlineEnd = -1
        var lastStart = start
        var scalars = 0
        while index < count {
            let (flags, scalarLength) = scalar(at: index)
            if flags & ScalarClass.whitespace == 0 { break }
            lastStart = index
            index += scalarLength
            scalars += 1
            if flags & ScalarClass.newline != 0 { lastNewlineEnd = index }
        }
        if scalars == 0 { return start + length }  // no alternative matches here: never with these patterns
        switch pattern {
        case .cl100k:
            if index == count { return index }  // \s++$
            if lastNewlineEnd >= 0 { return lastNewlineEnd }  // \s*[\r\n]
            if scalars >= 2 { return lastStart }  // \s+(?!\S): all but the scalar before the non-space
            return start + length  // \s
        case .o200k:
            if lastNewlineEnd >= 0 { return lastNewlineEnd }  // \s*[\r\n]+
            if index == count { return index }  // \s+(?!\S) at the end
            if scalars >= 2 { return lastStart }  // \s+(?!\S)
            return index  // \s+
        }
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at an apostrophe, or nil.
    @inline(__always)
    private func contraction(at apostrophe: Int) -> Int? {
        let first = apostrophe + 1
        guard first < count else { return nil }
        let (value, length) = decode(at: first)
        switch ScalarClass.contractionFold(value) {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"): return first + length
        case UInt8(ascii: "l"): return followedBy(UInt8(ascii: "l"), at: first + length)
        case UInt8(ascii: "v"), UInt8(ascii: "r"): return followedBy(UInt8(ascii: "e"), at: first + length)
        default: return nil
        }
    }

    @inline(__always)
    private func followedBy(_ letter: UInt8, at index: Int) -> Int? {
        guard index < count else { return nil }
        let (value, length) = decode(at: index)
        return ScalarClass.contractionFold(value) == letter ? index + length : nil
    }

    @inline(__always)
    private func optionalContraction(at index: Int) -> Int {
        guard index < count, text[index] == UInt8(ascii: "'") else { return index }
        return contraction(at: index) ?? index
    }
}
