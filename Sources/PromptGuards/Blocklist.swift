import Foundation

/// Terms a policy refuses in prompts and completions. Matching is on the normalised text (see ``TextNormalizer``),
/// so invisible characters, homoglyphs and accents do not slip a term past.
public struct Blocklist: Sendable, Hashable {
    public enum Entry: Sendable, Hashable {
        /// Anywhere in the text, case-insensitive.
        case exact(String)
        /// As whole words.
        case word(String)
        /// A regular expression; patterns that can backtrack catastrophically are refused when the list is built.
        case regex(String)
        /// Within `distance` edits (Levenshtein) of a run of as many words as the term has.
        case fuzzy(String, distance: Int)

        var label: String {
            switch self {
            case .exact(let term), .word(let term), .regex(let term): term
            case .fuzzy(let term, _): term
            }
        }
    }

    /// Why an entry was refused.
    public struct EntryError: Error, Sendable, Hashable, CustomStringConvertible {
        public var entry: String
        public var reason: String
        public var description: String { "'\(entry)': \(reason)" }
    }

    private struct Compiled: Sendable {
        var entry: Entry
        var regex: NSRegularExpression?
        /// The term's words as ``Tokenizer`` hashes them (word entries).
        var wordHashes: [UInt64] = []
        /// The term's words joined by single spaces (fuzzy entries), and how many words that is.
        var fuzzyTarget: [Unicode.Scalar] = []
        var fuzzyWordCount = 0
        var exactBytes: [UInt8] = []
    }

    private let compiled: [Compiled]

    /// The entries, in order (two lists are equal when their entries are).
    public var entries: [Entry] { compiled.map(\.entry) }

    public static func == (lhs: Blocklist, rhs: Blocklist) -> Bool { lhs.entries == rhs.entries }
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// Lists already built, one after the other, without compiling their entries again.
    public init(concatenating lists: [Blocklist]) {
        compiled = lists.flatMap(\.compiled)
    }
    /// Regular expressions see at most this much text per check, so even a slow pattern is bounded.
    static let regexWindow = 64 * 1024

    public init(_ entries: [Entry]) throws(EntryError) {
        var compiled: [Compiled] = []
        for entry in entries {
            switch entry {
            case .regex(let pattern):
                if let problem = Self.backtrackingRisk(pattern) { throw EntryError(entry: pattern, reason: problem) }
                guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
                    throw EntryError(entry: pattern, reason: "not a valid regular expression")
                }
                compiled.append(Compiled(entry: entry, regex: regex))
            case .fuzzy(let term, let distance):
                guard (0...3).contains(distance) else { throw EntryError(entry: term, reason: "distance must be 0 to 3") }
                let words = Tokenizer.words(TextNormalizer.normalize(term)).filter { $0 != "." && $0 != "," }
                guard !words.isEmpty else { throw EntryError(entry: term, reason: "a fuzzy term needs at least one word") }
                compiled.append(Compiled(entry: entry, fuzzyTarget: Array(words.joined(separator: " ").unicodeScalars), fuzzyWordCount: words.count))
            case .exact(let term), .word(let term):
                let normalized = TextNormalizer.normalize(term)
                guard !normalized.trimmingCharacters(in: .whitespaces).isEmpty else { throw EntryError(entry: term, reason: "empty term") }
                let wordHashes = Tokenizer.wordSpans(Array(normalized.utf8)).map(\.hash)
                if case .word = entry, wordHashes.isEmpty { throw EntryError(entry: term, reason: "a word entry needs at least one letter or digit") }
                compiled.append(Compiled(entry: entry, wordHashes: wordHashes, exactBytes: Array(normalized.utf8)))
            }
        }
        self.compiled = compiled
    }

    /// The first entry that matches `text`, if any.
    public func firstMatch(in text: String) -> Entry? {
        guard !compiled.isEmpty else { return nil }
        let normalized = TextNormalizer.normalize(text)
        let bytes = Array(normalized.utf8)
        let words = Tokenizer.wordSpans(bytes)
        for item in compiled {
            switch item.entry {
            case .exact:
                if bytes.firstOffset(of: item.exactBytes) != nil { return item.entry }
            case .word:
                if Self.containsRun(item.wordHashes, in: words) { return item.entry }
            case .regex:
                let window = String(normalized.utf16.prefix(Self.regexWindow)) ?? normalized
                if item.regex?.firstMatch(in: window, range: NSRange(location: 0, length: window.utf16.count)) != nil { return item.entry }
            case .fuzzy(_, let distance):
                if Self.fuzzyRun(item.fuzzyTarget, wordCount: item.fuzzyWordCount, in: words, of: bytes, distance: distance) { return item.entry }
            }
        }
        return nil
    }

    private static func containsRun(_ run: [UInt64], in words: [Tokenizer.WordSpan]) -> Bool {
        guard !run.isEmpty, words.count >= run.count else { return false }
        return (0...(words.count - run.count)).contains { start in
            zip(run, words[start..<(start + run.count)]).allSatisfy { $0 == $1.hash }
        }
    }

    /// Runs of `wordCount` words whose length could be within `distance` edits are compared with the term; the
    /// rest are passed over on their scalar counts alone.
    private static func fuzzyRun(_ target: [Unicode.Scalar], wordCount: Int, in words: [Tokenizer.WordSpan], of bytes: [UInt8], distance: Int) -> Bool {
        guard words.count >= wordCount else { return false }
        var length = words[0..<wordCount].reduce(wordCount - 1) { $0 + $1.scalars }
        for start in 0...(words.count - wordCount) {
            if start > 0 { length += words[start + wordCount - 1].scalars - words[start - 1].scalars }
            guard abs(length - target.count) <= distance else { continue }
            var candidate: [Unicode.Scalar] = []
            for word in words[start..<(start + wordCount)] {
                if !candidate.isEmpty { candidate.append(" ") }
                candidate += String(decoding: bytes[word.range], as: UTF8.self).unicodeScalars
            }
            if levenshtein(candidate, target, limit: distance) <= distance { return true }
        }
        return false
    }

    /// Edit distance, giving up (returning `limit + 1`) once every path exceeds `limit`.
    static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }

    /// Nested quantifiers (`(a+)+`, `(a*)*`, `(a|aa)+` style) and back-references make a backtracking engine
    /// exponential; such patterns are refused.
    static func backtrackingRisk(_ pattern: String) -> String? {
        if pattern.range(of: #"\\[1-9]"#, options: .regularExpression) != nil { return "back-references are not allowed (they cannot be matched in linear time)" }
        // A group that contains a quantifier and is itself quantified.
        var depthHasQuantifier: [Bool] = []
        var escaped = false
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let character = pattern[index]
            defer { index = pattern.index(after: index) }
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "(": depthHasQuantifier.append(false)
            case ")":
                let inner = depthHasQuantifier.popLast() ?? false
                let next = pattern.index(after: index)
                if inner, next < pattern.endIndex, "+*{".contains(pattern[next]) {
                    return "a quantified group that contains a quantifier can backtrack catastrophically; rewrite it without nesting"
                }
                if inner, !depthHasQuantifier.isEmpty { depthHasQuantifier[depthHasQuantifier.count - 1] = true }
            case "+", "*", "{":
                if !depthHasQuantifier.isEmpty { depthHasQuantifier[depthHasQuantifier.count - 1] = true }
            default: break
            }
        }
        return nil
    }
}
