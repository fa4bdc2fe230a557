import PostureModel

extension Condition {
    /// A short text of the condition for messages, with paths under `prefix` (a counted `path[*]`) written relative
    /// to it: `name equals Hate and blocking equals true`. A count's note names its filter with it, so "0 of 5
    /// match" says what was looked for.
    func summary(relativeTo prefix: FieldPath? = nil) -> String {
        func path(_ path: FieldPath) -> String {
            guard let prefix, path.relative(to: prefix) != nil, path.text.count > prefix.text.count + 1 else { return path.text }
            return String(path.text.dropFirst(prefix.text.count + 1))
        }
        func nested(_ condition: Condition) -> String {
            switch condition {
            case .allOf(let items) where items.count > 1, .anyOf(let items) where items.count > 1:
                "(\(condition.summary(relativeTo: prefix)))"
            default: condition.summary(relativeTo: prefix)
            }
        }
        func list(_ items: [Condition], _ word: String) -> String {
            let parts = items.map(nested)
            guard parts.count > 1 else { return parts.first ?? "" }
            return parts.dropLast().joined(separator: ", ") + " \(word) " + parts.last!
        }
        switch self {
        case .allOf(let items): return list(items, "and")
        case .anyOf(let items): return list(items, "or")
        case .not(let inner): return "not \(nested(inner))"
        case .field(let field, let comparison): return "\(path(field)) \(comparison.summary)"
        case .count(let field, let filter, let comparison):
            return "the count of \(path(field))" + (filter.map { " where \($0.summary(relativeTo: field))" } ?? "")
                + " \(comparison.summary)"
        case .related(let clause): return "a related \(clause.type.name)"
        case .aggregate(let clause): return clause.summary
        case .value(let value, let comparison): return "\(Self.text(value)) \(comparison.summary)"
        }
    }

    /// Strings without quotes, everything else as JSON.
    static func text(_ value: Value) -> String {
        if let elements = value.elements { return "[" + elements.map(text).joined(separator: ", ") + "]" }
        return value.stringValue ?? value.displayText
    }
}

extension Operator {
    /// `equals Hate`, `in [Standard, Premium]`, `exists true`.
    var summary: String {
        let operand: String
        switch self {
        case .equals(let value), .notEquals(let value), .contains(let value), .notContains(let value), .greater(let value),
            .greaterOrEquals(let value), .less(let value), .lessOrEquals(let value):
            operand = Condition.text(value)
        case .in(let values), .notIn(let values): operand = Condition.text(Value(.array(values)))
        case .exists(let flag): operand = flag ? "true" : "false"
        case .like(let text), .notLike(let text), .match(let text), .notMatch(let text), .matchInsensitively(let text),
            .notMatchInsensitively(let text), .containsKey(let text), .notContainsKey(let text):
            operand = text
        case .includesPort(let ports): operand = "[" + ports.map(String.init).joined(separator: ", ") + "]"
        }
        return "\(name) \(operand)"
    }
}
