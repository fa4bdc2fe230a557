public import PostureModel
public import SourceModel

/// A `bulwark:suppress` comment as written in Bicep (`//`, `/* */`) and Terraform (`#`, `//`, `/* */`):
///
///     // bulwark:suppress BW-AI-001 reason="Private endpoint lands in Q3" until=2027-01-31
///
/// The rule id comes first, then `reason="..."` (required, non-empty; `\"` and `\\` escape inside the quotes) and
/// `until=YYYY-MM-DD` or `until=never` (required). Anything else makes the comment malformed: a warning, and it
/// suppresses nothing.
public enum InlineDirective: Sendable, Hashable {
    /// The comment is not a suppression (it does not start with `bulwark:suppress`).
    case none
    case suppression(Suppression)
    /// Why the comment cannot be used, as a `malformed-suppression` warning at its line.
    case malformed(Diagnostic)

    static let marker = "bulwark:suppress"

    /// Reads one comment, delimiters included, that starts at `location`.
    public init(comment: String, at location: SourceLocation, knownRules: KnownRules) {
        var body = Substring(comment)
        for opener in ["//", "#", "/*"] where body.hasPrefix(opener) {
            body = body.dropFirst(opener.count)
            break
        }
        if comment.hasPrefix("/*"), body.hasSuffix("*/") { body = body.dropLast(2) }
        body = body.drop { $0 == " " || $0 == "\t" }
        guard body.hasPrefix(Self.marker) else {
            self = .none
            return
        }
        let rest = body.dropFirst(Self.marker.count)
        if let first = rest.first, !first.isWhitespace {
            self = .malformed(Self.warning(at: location, "expected a space and a rule id after 'bulwark:suppress'"))
            return
        }
        switch Self.parse(rest, at: location, knownRules: knownRules) {
        case .success(let suppression): self = .suppression(suppression)
        case .failure(let problem): self = .malformed(problem)
        }
    }

    private static func parse(_ text: Substring, at location: SourceLocation, knownRules: KnownRules) -> Result<Suppression, Diagnostic> {
        var scanner = DirectiveScanner(text)
        guard let rule = scanner.bareWord(), !rule.contains("=") else {
            return .failure(
                warning(
                    at: location,
                    "expected a rule id after 'bulwark:suppress', as in bulwark:suppress BW-AI-001 reason=\"...\" until=YYYY-MM-DD"))
        }
        guard knownRules.contains(rule) else {
            return .failure(warning(at: location, "unknown rule id '\(rule)' in 'bulwark:suppress'; `bulwark rules` lists the rule ids"))
        }
        var reason: String?
        var until: String?
        while !scanner.atEnd {
            guard let key = scanner.key() else {
                return .failure(
                    warning(
                        at: location, "unexpected text in 'bulwark:suppress' after \(rule); expected reason=\"...\" and until=YYYY-MM-DD"))
            }
            guard let value = scanner.value() else {
                return .failure(warning(at: location, "expected a value after '\(key)=' (quote a reason: reason=\"...\")"))
            }
            switch key {
            case "reason" where reason == nil: reason = value
            case "until" where until == nil: until = value
            case "reason", "until": return .failure(warning(at: location, "'\(key)' is given twice in 'bulwark:suppress'"))
            default: return .failure(warning(at: location, "unknown key '\(key)' in 'bulwark:suppress'; expected reason and until"))
            }
        }
        guard let reason = reason?.trimmingWhitespace, !reason.isEmpty else {
            return .failure(warning(at: location, "'bulwark:suppress \(rule)' has no reason: add reason=\"why the risk is accepted\""))
        }
        guard let until else {
            return .failure(warning(at: location, "'bulwark:suppress \(rule)' has no end date: add until=YYYY-MM-DD (or until=never)"))
        }
        var expires: CalendarDay?
        if until.lowercased() != "never" {
            guard let day = CalendarDay(until) else {
                return .failure(warning(at: location, "expected until=YYYY-MM-DD (a real date) or until=never, found '\(until)'"))
            }
            expires = day
        }
        return .success(
            Suppression(rule: knownRules.canonical(rule), reason: reason, expires: expires, origin: .inline, location: location))
    }

    static func warning(at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.malformedSuppression, .warning, at: location, message + "; this suppression does not apply")
    }
}

/// Splits a directive's text into a leading word and `key=value` pairs, values bare or double-quoted.
struct DirectiveScanner {
    private var rest: Substring

    init(_ text: Substring) {
        rest = text
        skipSpaces()
    }

    var atEnd: Bool { rest.isEmpty }

    mutating func skipSpaces() {
        rest = rest.drop(while: \.isWhitespace)
    }

    mutating func bareWord() -> String? {
        let word = rest.prefix { !$0.isWhitespace }
        guard !word.isEmpty else { return nil }
        rest = rest.dropFirst(word.count)
        skipSpaces()
        return String(word)
    }

    /// `name=`: the name, with the `=` consumed.
    mutating func key() -> String? {
        let name = rest.prefix { $0.isLetter }
        guard !name.isEmpty, rest.dropFirst(name.count).first == "=" else { return nil }
        rest = rest.dropFirst(name.count + 1)
        return String(name)
    }

    /// A quoted string (with `\"` and `\\`) or a bare word; nil for an unterminated quote or nothing.
    mutating func value() -> String? {
        guard rest.first == "\"" else {
            let word = rest.prefix { !$0.isWhitespace }
            guard !word.isEmpty else { return nil }
            rest = rest.dropFirst(word.count)
            skipSpaces()
            return String(word)
        }
        var text = ""
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex {
            let character = rest[index]
            if character == "\"" {
                rest = rest[rest.index(after: index)...]
                guard rest.first?.isWhitespace ?? true else { return nil }
                skipSpaces()
                return text
            }
            if character == "\\", rest.index(after: index) < rest.endIndex {
                index = rest.index(after: index)
            }
            text.append(rest[index])
            index = rest.index(after: index)
        }
        return nil
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
