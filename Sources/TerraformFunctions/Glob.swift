/// A `fileset` pattern as the doublestar library reads it: `*` and `?` within one path element, `[abc]`, `[a-z]`
/// and `[!abc]` classes, `{a,b}` alternatives, `\` escapes, and `**` as a whole element for any number of folders.
struct Glob {
    private let alternatives: [[[Character]]]

    init(_ pattern: String) {
        alternatives = Self.expandBraces(Array(pattern), budget: 256).map { alternative in
            String(alternative).split(separator: "/", omittingEmptySubsequences: true).map { Array($0) }
        }
    }

    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0) }
        return alternatives.contains { Self.match($0[...], parts[...]) }
    }

    private static func match(_ segments: ArraySlice<[Character]>, _ parts: ArraySlice<[Character]>) -> Bool {
        guard let segment = segments.first else { return parts.isEmpty }
        if segment == ["*", "*"] {
            for skip in 0...parts.count where match(segments.dropFirst(), parts.dropFirst(skip)) { return true }
            return false
        }
        guard let part = parts.first, matchElement(segment[...], part[...]) else { return false }
        return match(segments.dropFirst(), parts.dropFirst())
    }

    /// One path element against one pattern element.
    private static func matchElement(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        switch first {
        case "*":
            let rest = pattern.dropFirst()
            for skip in 0...name.count where matchElement(rest, name.dropFirst(skip)) { return true }
            return false
        case "?":
            return !name.isEmpty && matchElement(pattern.dropFirst(), name.dropFirst())
        case "[":
            guard let character = name.first, let (matched, rest) = matchClass(pattern.dropFirst(), character) else { return false }
            return matched && matchElement(rest, name.dropFirst())
        case "\\" where pattern.count > 1:
            let escaped = pattern[pattern.index(after: pattern.startIndex)]
            return name.first == escaped && matchElement(pattern.dropFirst(2), name.dropFirst())
        default:
            return name.first == first && matchElement(pattern.dropFirst(), name.dropFirst())
        }
    }

    /// Whether `character` is in the class that starts after `[`, and the pattern after its `]`; nil when the
    /// class never closes.
    private static func matchClass(_ pattern: ArraySlice<Character>, _ character: Character) -> (Bool, ArraySlice<Character>)? {
        var rest = pattern
        var negated = false
        if let first = rest.first, first == "!" || first == "^" {
            negated = true
            rest = rest.dropFirst()
        }
        var matched = false
        var isFirst = true
        while let next = rest.first {
            if next == "]", !isFirst { return (matched != negated, rest.dropFirst()) }
            isFirst = false
            var low = next
            rest = rest.dropFirst()
            if low == "\\", let escaped = rest.first {
                low = escaped
                rest = rest.dropFirst()
            }
            if rest.first == "-", rest.count > 1, let high = rest.dropFirst().first, high != "]" {
                rest = rest.dropFirst(2)
                if low <= character && character <= high { matched = true }
            } else if low == character {
                matched = true
            }
        }
        return nil
    }

    /// Every pattern the `{a,b}` alternatives stand for, at most `budget` of them.
    private static func expandBraces(_ pattern: [Character], budget: Int) -> [[Character]] {
        var depth = 0
        var open: Int?
        var commas: [Int] = []
        var index = 0
        while index < pattern.count {
            switch pattern[index] {
            case "\\": index += 1
            case "{":
                if depth == 0 { (open, commas) = (index, []) }
                depth += 1
            case ",": if depth == 1 { commas.append(index) }
            case "}":
                depth -= 1
                if depth == 0, let start = open {
                    let bounds = [start] + commas + [index]
                    var results: [[Character]] = []
                    for (from, to) in zip(bounds, bounds.dropFirst()) {
                        let candidate = Array(pattern[..<start]) + Array(pattern[(from + 1)..<to]) + Array(pattern[(index + 1)...])
                        results += expandBraces(candidate, budget: budget)
                        if results.count >= budget { return Array(results.prefix(budget)) }
                    }
                    return results
                }
                if depth < 0 { depth = 0 }
            default: break
            }
            index += 1
        }
        return [pattern]
    }
}
