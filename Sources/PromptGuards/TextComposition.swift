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
            let properties = scalar.properties
            if properties.isAlphabetic {
                letters += 1
                continue
            }
            switch properties.generalCategory {
            case .control where scalar != "\t" && scalar != "\n" && scalar != "\r": junk += 1
            case .unassigned: junk += 1
            default: if scalar == "\u{FFFD}" || properties.isNoncharacterCodePoint { junk += 1 }
            }
        }
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
