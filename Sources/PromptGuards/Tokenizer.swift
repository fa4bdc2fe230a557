/// The tokenizer's rules for one byte at a time: a word is a run of word bytes (ASCII letters and digits, and every
/// byte of a non-ASCII character, so accented and non-Latin words stay whole), with `'` or `-` inside it joining
/// it to the next word byte (a trailing one is trimmed). Each word is reduced to an FNV-1a hash of its bytes as it
/// goes, without building strings. Every reading of a text (words, hashes, spans, counts) is this machine.
struct WordScanner {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// What one byte did.
    enum Step: Equatable {
        /// The first byte of a word.
        case wordStart
        /// A later byte of the word.
        case wordByte
        /// A `'` or `-` inside a word: part of it only if a word byte follows.
        case joiner
        /// Between words; `ended` is the hash of the word this byte ended, if it ended one.
        case separator(ended: UInt64?)
    }

    private var inWord = false
    private var hash = offset
    /// The hash of the current word up to its last word byte.
    private var wordHash = offset

    @inline(__always)
    mutating func feed(_ byte: UInt8) -> Step {
        if Tokenizer.isWordByte(byte) {
            let starts = !inWord
            if starts {
                inWord = true
                hash = Self.offset
            }
            hash = (hash ^ UInt64(byte)) &* Self.prime
            wordHash = hash
            return starts ? .wordStart : .wordByte
        }
        if (byte == 0x27 || byte == 0x2D) && inWord {
            hash = (hash ^ UInt64(byte)) &* Self.prime
            return .joiner
        }
        defer { inWord = false }
        return .separator(ended: inWord ? wordHash : nil)
    }

    /// The hash of the word the text ends in, if it ends in one.
    mutating func finish() -> UInt64? {
        defer { inWord = false }
        return inWord ? wordHash : nil
    }
}

/// Splits normalised text into words (see ``WordScanner``). Clause punctuation (`.`, `;`, `!`, `?`, newlines) is
/// kept as a `.` word so proximity windows stop at it, and `,` as a `,` word.
enum Tokenizer {
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
    }

    /// The punctuation word a separator byte stands for, if any: `.` once per run of clause punctuation, `,` each
    /// time.
    @inline(__always)
    static func appendPunctuation<Word: Equatable>(_ byte: UInt8, dot: Word, comma: Word, to words: inout [Word]) {
        switch byte {
        case 0x2E, 0x3B, 0x21, 0x3F, 0x0A: if words.last != dot { words.append(dot) }
        case 0x2C: words.append(comma)
        default: break
        }
    }

    static let dotHash = (WordScanner.offset ^ 0x2E) &* WordScanner.prime
    static let commaHash = (WordScanner.offset ^ 0x2C) &* WordScanner.prime

    /// The words of `text`, with `.` and `,` for punctuation.
    static func words(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var scanner = WordScanner()
        let utf8 = text.utf8
        var start = utf8.startIndex, end = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            switch scanner.feed(byte) {
            case .wordStart: start = index; end = next
            case .wordByte: end = next
            case .joiner: break
            case .separator(let ended):
                if ended != nil { words.append(Substring(utf8[start..<end])) }
                appendPunctuation(byte, dot: ".", comma: ",", to: &words)
            }
            index = next
        }
        if scanner.finish() != nil { words.append(Substring(utf8[start..<end])) }
        return words
    }

    /// The same words as ``words(_:)``, each reduced to its hash: what the signal matcher looks up. `.` and `,`
    /// come out as the hashes of `"."` and `","`.
    static func wordHashes(_ text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        var scanner = WordScanner()
        for byte in text.utf8 {
            if case .separator(let ended) = scanner.feed(byte) {
                if let ended { hashes.append(ended) }
                appendPunctuation(byte, dot: dotHash, comma: commaHash, to: &hashes)
            }
        }
        if let last = scanner.finish() { hashes.append(last) }
        return hashes
    }

    /// Three readings of a normalised text's words in one pass: as written, in ROT13 (letters stay letters, so the
    /// word boundaries are the same), and with leetspeak folded (`@`, `$`, `!`, `|` become letters, so they join
    /// words). Each word is a hash, as ``wordHashes(_:)`` gives.
    static func foldedWordHashes(_ text: String) -> (plain: [UInt64], rot13: [UInt64], leetspeak: [UInt64]) {
        var plain: [UInt64] = [], rot: [UInt64] = [], leet: [UInt64] = []
        var plainScanner = WordScanner(), rotScanner = WordScanner(), leetScanner = WordScanner()
        let table = TextNormalizer.leetspeak
        for byte in text.utf8 {
            if case .separator(let ended) = plainScanner.feed(byte) {
                if let ended { plain.append(ended) }
                appendPunctuation(byte, dot: dotHash, comma: commaHash, to: &plain)
            }
            let rotated = byte >= 0x61 && byte <= 0x7A ? (byte - 0x61 + 13) % 26 + 0x61 : byte
            if case .separator(let ended) = rotScanner.feed(rotated) {
                if let ended { rot.append(ended) }
                appendPunctuation(byte, dot: dotHash, comma: commaHash, to: &rot)
            }
            let folded = table[Int(byte)]
            if case .separator(let ended) = leetScanner.feed(folded) {
                if let ended { leet.append(ended) }
                appendPunctuation(folded, dot: dotHash, comma: commaHash, to: &leet)
            }
        }
        if let last = plainScanner.finish() { plain.append(last) }
        if let last = rotScanner.finish() { rot.append(last) }
        if let last = leetScanner.finish() { leet.append(last) }
        return (plain, rot, leet)
    }

    /// How many words (punctuation aside) `text` has, counting no further than `limit`.
    static func wordCount(_ text: String, upTo limit: Int) -> Int {
        var count = 0
        var scanner = WordScanner()
        for byte in text.utf8 where scanner.feed(byte) == .wordStart {
            if count == limit { break }
            count += 1
        }
        return count
    }

    /// A word of a normalised text: where its bytes are, how many scalars it has, and its hash.
    struct WordSpan: Equatable {
        var range: Range<Int>
        var scalars: Int
        var hash: UInt64
    }

    /// The words of `bytes` (punctuation left out) with their places, in one pass without building strings.
    static func wordSpans(_ bytes: [UInt8]) -> [WordSpan] {
        var spans: [WordSpan] = []
        var scanner = WordScanner()
        var start = 0, end = 0, scalars = 0, scalarsAtEnd = 0
        for (index, byte) in bytes.enumerated() {
            let step = scanner.feed(byte)
            switch step {
            case .wordStart, .wordByte:
                if step == .wordStart { start = index; scalars = 0 }
                if byte & 0xC0 != 0x80 { scalars += 1 }
                end = index + 1
                scalarsAtEnd = scalars
            case .joiner:
                scalars += 1
            case .separator(let ended):
                if let ended { spans.append(WordSpan(range: start..<end, scalars: scalarsAtEnd, hash: ended)) }
            }
        }
        if let last = scanner.finish() { spans.append(WordSpan(range: start..<end, scalars: scalarsAtEnd, hash: last)) }
        return spans
    }
}
