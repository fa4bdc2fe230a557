/// How ARM's .NET strings behave, for the string functions: lengths and indexes count UTF-16 code units (so
/// "\r\n" is two characters and an emoji outside the BMP is two), whitespace is `char.IsWhiteSpace`, and the
/// case-insensitive comparisons are ordinal (`OrdinalIgnoreCase`), not culture-aware.
enum TextSemantics {
    /// The UTF-16 code units of `text`, the unit .NET indexes and measures strings in.
    static func units(_ text: String) -> [UInt16] {
        Array(text.utf16)
    }

    /// The text of a run of code units, or nil when the run starts or ends inside a surrogate pair: .NET would
    /// produce a lone surrogate there, which a Swift string cannot hold.
    static func text(_ units: ArraySlice<UInt16>) -> String? {
        if let first = units.first, UTF16.isTrailSurrogate(first) { return nil }
        if let last = units.last, UTF16.isLeadSurrogate(last) { return nil }
        return String(decoding: units, as: UTF16.self)
    }

    /// `char.IsWhiteSpace`: the Unicode White_Space characters (Zs, Zl, Zp, U+0009–U+000D and U+0085).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `String.Trim()`: removes leading and trailing whitespace, newlines included.
    static func trim(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let start = scalars.firstIndex(where: { !isWhitespace($0) }),
            let end = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start...end])
        return String(result)
    }

    /// Whether `text` starts (or ends) with `affix` ignoring case as `OrdinalIgnoreCase` does: each character
    /// compared by its simple upper-case mapping. Nil when the answer depends on the characters whose folding
    /// differs between .NET versions (ı and ſ fold to ASCII only in some; characters outside the BMP).
    static func hasAffix(_ text: String, _ affix: String, atEnd: Bool) -> Bool? {
        let whole = Array(text.unicodeScalars)
        let part = Array(affix.unicodeScalars)
        // A culture-aware comparison would ignore these or compose them; which comparison ARM uses is not
        // documented beyond "case-insensitive", so text holding them is not decided.
        if (whole + part).contains(where: isCultureSensitive) { return nil }
        guard part.count <= whole.count else { return false }
        let window = atEnd ? whole[(whole.count - part.count)...] : whole[..<part.count]
        let unicode = zip(window, part).allSatisfy { folded($0) == folded($1) }
        let risky = zip(window, part).contains { isRisky($0) || isRisky($1) }
        guard risky else { return unicode }
        let ascii = zip(window, part).allSatisfy { asciiFolded($0) == asciiFolded($1) }
        return ascii == unicode ? unicode : nil
    }

    private static func isCultureSensitive(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: true
        default: scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    private static func isRisky(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII && (scalar.value > 0xFFFF || folded(scalar) < 0x80)
    }

    private static func asciiFolded(_ scalar: Unicode.Scalar) -> UInt32 {
        (0x61...0x7A).contains(scalar.value) ? scalar.value - 0x20 : scalar.value
    }

    /// The simple upper-case mapping, where it is a single scalar.
    private static func folded(_ scalar: Unicode.Scalar) -> UInt32 {
        if scalar.isASCII { return asciiFolded(scalar) }
        let upper = scalar.properties.uppercaseMapping.unicodeScalars
        return upper.count == 1 ? upper.first!.value : scalar.value
    }

    /// Splits like `String.Split(string[], StringSplitOptions.None)`: at each position the first delimiter (in
    /// the given order) that matches wins; empty delimiters are ignored, and with none left the text is whole.
    static func split(_ text: String, by delimiters: [String]) -> [String] {
        let separators = delimiters.map(units).filter { !$0.isEmpty }
        let source = units(text)
        guard !separators.isEmpty else { return [text] }
        var pieces: [String] = []
        var pieceStart = 0
        var index = 0
        while index < source.count {
            if let match = separators.first(where: { matches($0, in: source, at: index) }) {
                pieces.append(String(decoding: source[pieceStart..<index], as: UTF16.self))
                index += match.count
                pieceStart = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: source[pieceStart...], as: UTF16.self))
        return pieces
    }

    private static func matches(_ separator: [UInt16], in source: [UInt16], at index: Int) -> Bool {
        guard index + separator.count <= source.count else { return false }
        for offset in separator.indices where source[index + offset] != separator[offset] { return false }
        return true
    }

    /// Percent-encodes every UTF-8 byte outside the RFC 3986 unreserved set, with upper-case hex
    /// (`Uri.EscapeDataString`).
    static func escapeDataString(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + hex(byte)
            }
        }
        return result
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        var text = ""
        text.unicodeScalars.append(digits[Int(byte >> 4)])
        text.unicodeScalars.append(digits[Int(byte & 0x0F)])
        return text
    }

    /// Decodes `%XX` escapes (as UTF-8 bytes); malformed escapes stay as they are. Nil when the result is not
    /// valid UTF-8 or the input holds `+` or `%u`, which .NET's two URL decoders treat differently.
    static func unescapeDataString(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var decoded: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") { return nil }
            if byte == UInt8(ascii: "%"), index + 1 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "u") { return nil }
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
