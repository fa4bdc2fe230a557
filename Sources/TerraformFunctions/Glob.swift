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

    /// One piece of a pattern element.
    private enum Token {
        case character(Character)
        case anyCharacter
        case anyRun
        /// A `[...]` class: whether a character is in it.
        case set(negated: Bool, ranges: [ClosedRange<Character>])

        func matches(_ character: Character) -> Bool {
            switch self {
            case .character(let expected): character == expected
            case .anyCharacter: true
            case .anyRun: false
            case .set(let negated, let ranges): ranges.contains { $0.contains(character) } != negated
            }
        }
    }

    /// The tokens of a pattern element; a `[` that never closes is a literal.
    private static func tokens(_ pattern: [Character]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < pattern.count {
            let character = pattern[index]
            switch character {
            case "*": tokens.append(.anyRun)
            case "?": tokens.append(.anyCharacter)
            case "\\" where index + 1 < pattern.count:
                index += 1
                tokens.append(.character(pattern[index]))
            case "[":
                if let (token, next) = characterSet(pattern, from: index + 1) {
                    tokens.append(token)
                    index = next
                    continue
                }
                tokens.append(.character("["))
            default: tokens.append(.character(character))
            }
            index += 1
        }
        return tokens
    }

    /// The class that starts after `[` at `start`, and the index after its `]`.
    private static func characterSet(_ pattern: [Character], from start: Int) -> (Token, Int)? {
        var index = start
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Character>] = []
        var isFirst = true
        while index < pattern.count {
            if pattern[index] == "]", !isFirst { return (.set(negated: negated, ranges: ranges), index + 1) }
            isFirst = false
            var low = pattern[index]
            if low == "\\", index + 1 < pattern.count {
                index += 1
                low = pattern[index]
            }
            index += 1
            if index + 1 < pattern.count, pattern[index] == "-", pattern[index + 1] != "]" {
                let high = pattern[index + 1]
                ranges.append(low <= high ? low...high : high...low)
                index += 2
            } else {
                ranges.append(low...low)
            }
        }
        return nil
    }

    /// One path element against one pattern element: greedy `*` with backtracking to the last one, O(n·m).
    private static func matchElement(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        let tokens = tokens(Array(pattern))
        let name = Array(name)
        var tokenIndex = 0
        var nameIndex = 0
        var lastStar: Int?
        var starName = 0
        while nameIndex < name.count {
            if tokenIndex < tokens.count, case .anyRun = tokens[tokenIndex] {
                lastStar = tokenIndex
                starName = nameIndex
                tokenIndex += 1
            } else if tokenIndex < tokens.count, tokens[tokenIndex].matches(name[nameIndex]) {
                tokenIndex += 1
                nameIndex += 1
            } else if let star = lastStar {
                tokenIndex = star + 1
                starName += 1
                nameIndex = starName
            } else {
                return false
            }
        }
        while tokenIndex < tokens.count, case .anyRun = tokens[tokenIndex] { tokenIndex += 1 }
        return tokenIndex == tokens.count
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
