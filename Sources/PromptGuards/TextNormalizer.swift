import SensitiveData
import Foundation

/// The views of a text the injection detector reads: the text normalised (NFKC, zero-width and bidi controls
/// removed, Latin-style diacritics stripped, homoglyphs folded to Latin, lower case), and every embedded base64, hex or
/// URL-encoded segment decoded (and normalised in turn, a few levels deep). The leetspeak and ROT13 readings of the
/// text are read in the same pass as its words.
/// Work is bounded: at most `maximumDecodedBytes` of decoded text in all, and `maximumDepth` levels of nesting.
public struct TextNormalizer: Sendable {
    public struct View: Sendable, Hashable {
        public enum Origin: String, Sendable, Hashable {
            case text, leetspeak, rot13, base64, hex, url
        }

        public var origin: Origin
        public var text: String
        /// True for views decoded out of the text (what payload smuggling hides in).
        public var isDecoded: Bool { origin == .base64 || origin == .hex || origin == .url || origin == .rot13 }
    }

    public var maximumDepth = 3
    public var maximumDecodedBytes = 64 * 1024

    public init() {}

    public func views(of text: String) -> [View] {
        var budget = maximumDecodedBytes
        var views: [View] = []
        collect(text, origin: .text, depth: 0, budget: &budget, into: &views)
        return views
    }

    private func collect(_ text: String, origin: View.Origin, depth: Int, budget: inout Int, into views: inout [View]) {
        // The leetspeak and ROT13 readings of the text are not separate views: the detector hashes them in the same
        // pass as the text's own words (see `Tokenizer.foldedWordHashes`).
        views.append(View(origin: origin, text: Self.normalize(text)))
        guard depth < maximumDepth, budget > 0 else { return }
        for (kind, decoded) in Self.decodedSegments(text) {
            guard budget > 0 else { return }
            budget -= decoded.utf8.count
            collect(decoded, origin: kind, depth: depth + 1, budget: &budget, into: &views)
        }
    }

    // MARK: Normalisation

    static func normalize(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in
            // ASCII is its own NFKC form and has no marks, homoglyphs or invisible characters: it is lower-cased
            // byte by byte. Each other scalar is normalised once per call (see `normalized(scalarValue:)`) and
            // cached, so a text in one script costs one table probe per character.
            var output: [UInt8] = []
            output.reserveCapacity(input.count)
            var cache = DecompositionCache()
            var index = 0
            while index < input.count {
                let byte = input[index]
                if byte < 0x80 {
                    output.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
                    index += 1
                    continue
                }
                let (value, length) = scalarValue(in: input, at: index)
                cache.append(value, bytes: UnsafeBufferPointer(rebasing: input[index..<min(index + length, input.count)]), to: &output)
                index += length
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The scalar starting at `index` of valid UTF-8 (what a Swift string holds) and its length in bytes.
    @inline(__always)
    private static func scalarValue(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        func continuation(_ offset: Int) -> UInt32 { index + offset < bytes.count ? UInt32(bytes[index + offset] & 0x3F) : 0 }
        switch lead {
        case 0xF0...: return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
        case 0xE0...: return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3)
        default: return ((lead & 0x1F) << 6 | continuation(1), 2)
        }
    }

    /// The normalised UTF-8 of non-ASCII scalars, remembered in a direct-mapped table (one probe, no hashing) with
    /// the bytes kept in one pool; each distinct scalar is decomposed once per call.
    private struct DecompositionCache {
        private static let slots = 1024
        private var keys = [UInt32](repeating: 0, count: slots)
        /// Where the scalar's normalised bytes sit in `pool`, or `unchanged` when it normalises to itself (most
        /// letters of most scripts) and its own bytes are copied instead.
        private var ranges = [Range<Int32>](repeating: 0..<0, count: slots)
        private var unchanged = [Bool](repeating: false, count: slots)
        private var pool: [UInt8] = []
        /// Every scalar normalised so far, for when two scalars of a text share a slot and keep evicting each
        /// other: a dictionary probe then, never a second decomposition.
        private var known: [UInt32: (range: Range<Int32>, unchanged: Bool)] = [:]

        mutating func append(_ value: UInt32, bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
            let slot = Int((value &* 0x9E37_79B1) >> 22)
            if keys[slot] != value {
                keys[slot] = value
                if let entry = known[value] {
                    (ranges[slot], unchanged[slot]) = entry
                } else {
                    let normalized = Array(TextNormalizer.normalized(scalarValue: value).utf8)
                    unchanged[slot] = normalized.elementsEqual(bytes)
                    ranges[slot] = Int32(pool.count)..<Int32(pool.count + (unchanged[slot] ? 0 : normalized.count))
                    if !unchanged[slot] { pool.append(contentsOf: normalized) }
                    known[value] = (ranges[slot], unchanged[slot])
                }
            }
            if unchanged[slot] {
                output.append(contentsOf: bytes)
                return
            }
            let range = ranges[slot]
            pool.withUnsafeBufferPointer { pool in
                output.append(contentsOf: UnsafeBufferPointer(rebasing: pool[Int(range.lowerBound)..<Int(range.upperBound)]))
            }
        }
    }

    /// One non-ASCII scalar normalised: compatibility-decomposed, lower-cased, diacritics and invisible characters
    /// dropped, homoglyphs folded to Latin, and composed again (NFC), so a Hangul syllable or a kana with a voicing
    /// mark comes back whole while an accented Latin letter comes back bare.
    static func normalized(scalarValue value: UInt32) -> String {
        guard let scalar = Unicode.Scalar(value), !isInvisible(scalar) else { return "" }
        let parts = String(String.UnicodeScalarView([scalar])).decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars
            .filter { !isDiacritic($0) && !isInvisible($0) }
            .map { homoglyphs[$0] ?? $0 }
        return String(String.UnicodeScalarView(parts)).precomposedStringWithCanonicalMapping
    }

    /// Combining accents of the Latin, Greek and Cyrillic kind (the blocks of combining diacritical marks, and
    /// enclosing marks). Marks that carry meaning in other scripts (kana voicing, Indic vowel signs) are kept.
    static func isDiacritic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x0483...0x0489, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: true
        default: scalar.properties.generalCategory == .enclosingMark
        }
    }

    /// Zero-width characters, joiners, soft hyphens, word joiners, BOMs, bidirectional controls, and U+FFFD (what
    /// invalid UTF-8 decodes to: it carries nothing to detect).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180E, 0x200B...0x200F, 0x202A...0x202E,
             0x2060...0x206F, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFFD, 0xE0000...0xE007F: true
        default: false
        }
    }

    /// Cyrillic, Greek and other letters drawn like Latin ones.
    static let homoglyphs: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            ("аА", "a"), ("вВ", "b"), ("сС", "c"), ("ԁ", "d"), ("еЕё", "e"), ("һН", "h"), ("іІӏ", "i"), ("јЈ", "j"), ("кК", "k"),
            ("мМ", "m"), ("оОο", "o"), ("рРρ", "p"), ("ԛ", "q"), ("ѕЅ", "s"), ("тТτ", "t"), ("υ", "u"), ("ѵν", "v"), ("ԝ", "w"),
            ("хХχ", "x"), ("уУγ", "y"), ("ΑΆα", "a"), ("Β", "b"), ("ΕΈε", "e"), ("ΗΉ", "h"), ("ΙΊι", "i"), ("Κκ", "k"), ("Μ", "m"),
            ("Ν", "n"), ("ΟΌ", "o"), ("Ρ", "p"), ("Τ", "t"), ("ΥΎ", "y"), ("Χ", "x"), ("Ζ", "z"), ("ɡ", "g"), ("ı", "i"), ("ȷ", "j"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, latin) in pairs {
            for scalar in letters.unicodeScalars { map[scalar] = latin.unicodeScalars.first! }
        }
        return map
    }()

    /// Digits and symbols read as letters (all ASCII, so a byte map; UTF-8 bytes of other characters are untouched).
    static let leetspeak: [UInt8] = {
        var table = (0...255).map { UInt8($0) }
        for (from, to) in zip("0134579@$!|8".utf8, "oieastgasilb".utf8) { table[Int(from)] = to }
        return table
    }()

    // MARK: Embedded encodings

    /// Base64 runs of 16+ characters, hex runs of 16+ digits, and `%xx`-encoded runs, decoded when they come out as
    /// mostly printable UTF-8 text.
    static func decodedSegments(_ text: String) -> [(View.Origin, String)] {
        var segments: [(View.Origin, String)] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let start = index
            while index < bytes.count, isBase64(bytes[index]) { index += 1 }
            var end = index
            while end < bytes.count, bytes[end] == UInt8(ascii: "="), end - index < 2 { end += 1 }
            if end - start >= 16 {
                let run = bytes[start..<end]
                if run.allSatisfy(isHexDigit), run.count % 2 == 0, let decoded = printable(hexDecode(run)) {
                    segments.append((.hex, decoded))
                } else if let data = Base64URL.decode(run), let decoded = printable([UInt8](data)) {
                    segments.append((.base64, decoded))
                }
            }
            index = max(end, start + 1)
        }
        if let decoded = percentDecoded(bytes) { segments.append((.url, decoded)) }
        return segments
    }

    /// The text with every `%XX` escape decoded (others left as they are), when at least one was there.
    static func percentDecoded(_ bytes: [UInt8]) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) else { return nil }
        func value(_ byte: UInt8) -> UInt8 { byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10 }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var decodedAny = false
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) {
                output.append(value(bytes[index + 1]) << 4 | value(bytes[index + 2]))
                decodedAny = true
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return decodedAny ? String(decoding: output, as: UTF8.self) : nil
    }

    private static func isBase64(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2B || byte == 0x2F || byte == 0x2D || byte == 0x5F
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }

    private static func hexDecode(_ run: ArraySlice<UInt8>) -> [UInt8] {
        func value(_ byte: UInt8) -> UInt8 { byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10 }
        return stride(from: run.startIndex, to: run.endIndex - 1, by: 2).map { value(run[$0]) << 4 | value(run[$0 + 1]) }
    }

    /// The bytes as text when they are valid UTF-8 and at least 90% printable.
    private static func printable(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 8, let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let printable = text.unicodeScalars.filter { !$0.properties.isNoncharacterCodePoint && ($0.value >= 0x20 || $0 == "\n" || $0 == "\t") && $0.value != 0x7F }.count
        return Double(printable) >= Double(text.unicodeScalars.count) * 0.9 ? text : nil
    }
}
