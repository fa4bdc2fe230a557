/// What a text is made of, to tell language from binary data: the injection model scores language only.
struct TextComposition: Sendable, Hashable {
    /// Scalars in all.
    var scalars = 0
    var letters = 0
    /// Control characters other than tab, line feed and carriage return, U+FFFD (bytes that were not UTF-8),
    /// noncharacters and unassigned code points.
    var junk = 0

    /// From this share of junk on, a text is binary data rather than language with a few stray bytes.
    static let binaryShare = 0.25

    init(_ text: String) {
        for scalar in text.unicodeScalars {
            scalars += 1
            if scalar.isASCII ? Self.isASCIILetter(scalar.value) : scalar.properties.isAlphabetic {
                letters += 1
            } else if Self.isJunk(scalar) {
                junk += 1
            }
        }
    }

    static func isASCIILetter(_ value: UInt32) -> Bool { (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }

    /// A control character (not tab or a line break), U+FFFD, a noncharacter or an unassigned code point.
    static func isJunk(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" || scalar.value == 0x7F }
        if scalar == "\u{FFFD}" { return true }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .unassigned: return true
        default: return properties.isNoncharacterCodePoint
        }
    }

    /// The stretches of `text` between junk characters long enough to be language (16 characters and four words
    /// or more): in binary data, what the model may still score. Random bytes almost never leave one (a byte is
    /// junk about half the time); an instruction spliced into binary data is one.
    static func languageRuns(in text: String) -> [String] {
        var runs: [String] = []
        var current = String.UnicodeScalarView()
        func close() {
            defer { current = String.UnicodeScalarView() }
            guard current.count >= 16 else { return }
            let run = String(current)
            if Tokenizer.wordCount(TextNormalizer.normalize(run), upTo: 4) == 4 { runs.append(run) }
        }
        for scalar in text.unicodeScalars {
            if isJunk(scalar) { close() } else { current.append(scalar) }
        }
        close()
        return runs
    }

    /// Why the text is not language, or nil when it is (or is empty).
    var notTextReason: String? {
        guard scalars > 0 else { return nil }
        if letters == 0 { return "not text: no letters" }
        let share = Double(junk) / Double(scalars)
        guard share >= Self.binaryShare else { return nil }
        return "not text: \(Int((share * 100).rounded()))% control characters or bytes that are not UTF-8"
    }
}
