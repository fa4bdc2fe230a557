import Foundation

/// Terms a policy refuses in prompts and completions. Matching is on the normalised text (see ``TextNormalizer``),
/// so invisible characters, homoglyphs and accents do not slip a term past.
public struct Blocklist: Sendable {
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
        var words: [Substring]
        var exactBytes: [UInt8] = []
    }

    private let compiled: [Compiled]
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
                compiled.append(Compiled(entry: entry, regex: regex, words: []))
            case .fuzzy(let term, let distance):
                guard (0...3).contains(distance) else { throw EntryError(entry: term, reason: "distance must be 0 to 3") }
                compiled.append(Compiled(entry: entry, regex: nil, words: Tokenizer.words(TextNormalizer.normalize(term))))
            case .exact(let term), .word(let term):
                guard !term.trimmingCharacters(in: .whitespaces).isEmpty else { throw EntryError(entry: term, reason: "empty term") }
                compiled.append(Compiled(entry: entry, regex: nil, words: Tokenizer.words(TextNormalizer.normalize(term)),
                                         exactBytes: Array(TextNormalizer.normalize(term).utf8)))
            }
        }
        self.compiled = compiled
    }

    /// The first entry that matches `text`, if any.
    public func firstMatch(in text: String) -> Entry? {
        guard !compiled.isEmpty else { return nil }
        let normalized = TextNormalizer.normalize(text)
        let words = Tokenizer.words(normalized).filter { $0 != "." && $0 != "," }
        for item in compiled {
            switch item.entry {
            case .exact:
                if ByteScanner(bytes: Array(normalized.utf8)).find(item.exactBytes, from: 0) != nil { return item.entry }
            case .word:
                if Self.containsRun(item.words, in: words) { return item.entry }
            case .regex:
                let window = String(normalized.utf16.prefix(Self.regexWindow)) ?? normalized
                if item.regex?.firstMatch(in: window, range: NSRange(location: 0, length: window.utf16.count)) != nil { return item.entry }
            case .fuzzy(_, let distance):
                if Self.fuzzyRun(item.words, in: words, distance: distance) { return item.entry }
            }
        }
        return nil
    }

    private static func containsRun(_ run: [Substring], in words: [Substring]) -> Bool {
        guard !run.isEmpty, words.count >= run.count else { return false }
        return (0...(words.count - run.count)).contains { start in words[start..<(start + run.count)].elementsEqual(run) }
    }

    private static func fuzzyRun(_ run: [Substring], in words: [Substring], distance: Int) -> Bool {
        guard !run.isEmpty, words.count >= run.count else { return false }
        let target = Array(run.joined(separator: " ").unicodeScalars)
        for start in 0...(words.count - run.count) {
            let candidate = Array(words[start..<(start + run.count)].joined(separator: " ").unicodeScalars)
            if abs(candidate.count - target.count) <= distance, levenshtein(candidate, target, limit: distance) <= distance { return true }
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
