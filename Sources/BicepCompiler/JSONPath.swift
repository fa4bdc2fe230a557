import Foundation
import LocatedJSON
import SourceModel

/// The JSONPath subset `loadJsonContent` and `loadYamlContent` select with, as Newtonsoft's `SelectTokens` reads it:
/// `$`, `.name`, `['name']`, `[0]`, `*` and `[*]`, and filters `[?(@.a.b)]` and `[?(@.a OP literal)]` with `==`, `!=`,
/// `<`, `<=`, `>`, `>=` against a number, string, boolean or null. Recursive descent (`..`) is refused.
enum JSONPath {
    struct Failure: Error, Sendable {
        var message: String
    }

    private enum Step {
        case member(String)
        case index(Int)
        case wildcard
        case filter(path: [String], comparison: (op: String, literal: JSONValue)?)
    }

    /// Every value the path selects, in document order.
    static func select(_ path: String, in root: JSONValue) throws(Failure) -> [JSONValue] {
        var current = [root]
        for step in try parse(path) {
            var next: [JSONValue] = []
            for value in current {
                switch step {
                case .member(let name):
                    if let member = value[member: name] { next.append(member) }
                case .index(let position):
                    if let items = value.elements, items.indices.contains(position) { next.append(items[position]) }
                case .wildcard: next += children(value)
                case .filter(let path, let comparison):
                    for child in children(value) where matches(child, path, comparison) { next.append(child) }
                }
            }
            current = next
        }
        return current
    }

    private static func children(_ value: JSONValue) -> [JSONValue] {
        switch value.kind {
        case .array(let items): items
        case .object(let members): members.map(\.value)
        default: []
        }
    }

    private static func matches(_ value: JSONValue, _ path: [String], _ comparison: (op: String, literal: JSONValue)?) -> Bool {
        var current = value
        for name in path {
            guard let member = current[member: name] else { return false }
            current = member
        }
        guard let (op, literal) = comparison else { return true }
        if let left = number(current), let right = number(literal) {
            switch op {
            case "==": return left == right
            case "!=": return left != right
            case "<": return left < right
            case "<=": return left <= right
            case ">": return left > right
            case ">=": return left >= right
            default: return false
            }
        }
        let equal = current.kind == literal.kind
        switch op {
        case "==": return equal
        case "!=": return !equal
        default:
            if case .string(let left) = current.kind, case .string(let right) = literal.kind {
                switch op {
                case "<": return left < right
                case "<=": return left <= right
                case ">": return left > right
                case ">=": return left >= right
                default: return false
                }
            }
            return false
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value.kind {
        case .integer(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func parse(_ path: String) throws(Failure) -> [Step] {
        var steps: [Step] = []
        var rest = Substring(path)
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        while !rest.isEmpty {
            if rest.hasPrefix("..") { throw Failure(message: "recursive descent ('..') is not supported") }
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            if rest.hasPrefix("[") {
                guard let close = closingBracket(rest) else { throw Failure(message: "an unclosed '['") }
                let inner = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                rest = rest[rest.index(after: close)...]
                steps.append(try bracket(inner))
                continue
            }
            let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
            let name = String(rest[..<end])
            rest = rest[end...]
            guard !name.isEmpty else { throw Failure(message: "an empty member name") }
            steps.append(name == "*" ? .wildcard : .member(name))
        }
        return steps
    }

    /// The `]` that closes the bracket at the start, skipping brackets and quotes inside a filter.
    private static func closingBracket(_ text: Substring) -> Substring.Index? {
        var depth = 0
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "[" {
                depth += 1
            } else if character == "]" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    private static func bracket(_ inner: String) throws(Failure) -> Step {
        if inner == "*" { return .wildcard }
        if let position = Int(inner) { return .index(position) }
        if let quoted = unquote(inner) { return .member(quoted) }
        guard inner.hasPrefix("?("), inner.hasSuffix(")") else { throw Failure(message: "the selector '[\(inner)]'") }
        let body = inner.dropFirst(2).dropLast().trimmingCharacters(in: .whitespaces)
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            guard let range = body.range(of: op) else { continue }
            let left = body[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let right = body[range.upperBound...].trimmingCharacters(in: .whitespaces)
            return .filter(path: try filterPath(left), comparison: (op, try literal(right)))
        }
        return .filter(path: try filterPath(body), comparison: nil)
    }

    private static func filterPath(_ text: String) throws(Failure) -> [String] {
        guard text.hasPrefix("@") else { throw Failure(message: "a filter that does not start with '@'") }
        return text.dropFirst().split(separator: ".").map(String.init)
    }

    private static func literal(_ text: String) throws(Failure) -> JSONValue {
        if let quoted = unquote(text) { return JSONValue(.string(quoted), at: SourcePosition(line: 1, column: 1)) }
        do {
            return try JSONReader().read(Array(text.utf8))
        } catch {
            throw Failure(message: "the filter value '\(text)'")
        }
    }

    private static func unquote(_ text: String) -> String? {
        guard text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first else { return nil }
        return String(text.dropFirst().dropLast())
    }
}
