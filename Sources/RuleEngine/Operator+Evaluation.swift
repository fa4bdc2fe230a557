import Foundation
import PostureModel

extension Operator {
    /// Applies the operator to one field value (nil when the field is absent), following Azure Policy: string
    /// comparisons are case-insensitive except `match`; an absent field equals nothing and is in nothing.
    func evaluate(_ value: Value?) -> Truth {
        if let value, value.isUnknown { return .unknown }
        if case .exists(let expected) = self { return Truth((value != nil && !value!.isNull) == expected) }
        if let value, value.containsUnknown { return evaluatePartlyKnown(value) }
        switch self {
        case .equals(let operand): return Truth(value.map { Self.equal($0, operand) } ?? false)
        case .notEquals(let operand): return Truth(!(value.map { Self.equal($0, operand) } ?? false))
        case .in(let operands): return Truth(value.map { v in operands.contains { Self.equal(v, $0) } } ?? false)
        case .notIn(let operands): return Truth(!(value.map { v in operands.contains { Self.equal(v, $0) } } ?? false))
        case .contains(let operand): return Truth(value.map { Self.contains($0, operand) } ?? false)
        case .notContains(let operand): return Truth(!(value.map { Self.contains($0, operand) } ?? false))
        case .like(let pattern): return Truth(value?.scalarText.map { Self.like($0, pattern) } ?? false)
        case .notLike(let pattern): return Truth(!(value?.scalarText.map { Self.like($0, pattern) } ?? false))
        case .match(let pattern): return Truth(value?.scalarText.map { Self.match($0, pattern, caseSensitive: true) } ?? false)
        case .notMatch(let pattern): return Truth(!(value?.scalarText.map { Self.match($0, pattern, caseSensitive: true) } ?? false))
        case .matchInsensitively(let pattern):
            return Truth(value?.scalarText.map { Self.match($0, pattern, caseSensitive: false) } ?? false)
        case .notMatchInsensitively(let pattern):
            return Truth(!(value?.scalarText.map { Self.match($0, pattern, caseSensitive: false) } ?? false))
        case .greater(let operand): return Self.order(value, operand) { $0 > 0 }
        case .greaterOrEquals(let operand): return Self.order(value, operand) { $0 >= 0 }
        case .less(let operand): return Self.order(value, operand) { $0 < 0 }
        case .lessOrEquals(let operand): return Self.order(value, operand) { $0 <= 0 }
        case .includesPort(let ports): return Truth(value?.scalarText.map { Self.portRange($0, includesAnyOf: ports) } ?? false)
        case .containsKey(let key): return Truth(value?.members?.contains { $0.key.caseInsensitiveEquals(key) } ?? false)
        case .notContainsKey(let key): return Truth(!(value?.members?.contains { $0.key.caseInsensitiveEquals(key) } ?? false))
        case .exists: return .unknown  // handled above
        }
    }

    /// An array or object with unknown parts: `contains` can still find a known element; every other
    /// comparison of the whole value could go either way.
    private func evaluatePartlyKnown(_ value: Value) -> Truth {
        switch self {
        case .contains(let operand) where value.elements?.contains(where: { !$0.containsUnknown && Self.equal($0, operand) }) == true:
            return .true
        case .notContains(let operand) where value.elements?.contains(where: { !$0.containsUnknown && Self.equal($0, operand) }) == true:
            return .false
        // Keys are known even when values are not.
        case .containsKey(let key):
            return Truth(value.members?.contains { $0.key.caseInsensitiveEquals(key) } ?? false)
        case .notContainsKey(let key):
            return Truth(!(value.members?.contains { $0.key.caseInsensitiveEquals(key) } ?? false))
        default:
            return .unknown
        }
    }

    /// Azure Policy equality: scalars by their text, case-insensitively (so `true` equals `"True"`), numbers
    /// by value, null only to null; containers deeply.
    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        lhs.deepEquals(rhs) { a, b in
            if a.isNull || b.isNull { return a.isNull && b.isNull }
            if let x = a.numberValue, let y = b.numberValue { return x == y }
            guard let x = a.scalarText, let y = b.scalarText else { return false }
            return x.caseInsensitiveEquals(y)
        }
    }

    static func contains(_ value: Value, _ operand: Value) -> Bool {
        if let elements = value.elements { return elements.contains { equal($0, operand) } }
        guard let text = value.scalarText, let needle = operand.scalarText else { return false }
        return text.range(of: needle, options: .caseInsensitive) != nil
    }

    /// `*` matches any run of characters; everything else literally, case-insensitively.
    static func like(_ text: String, _ pattern: String) -> Bool {
        let parts = pattern.lowercased().split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        let subject = text.lowercased()
        guard parts.count > 1 else { return subject == parts[0] }
        guard subject.hasPrefix(parts[0]) else { return false }
        var rest = subject.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = parts.last!
        return rest.count >= last.count && rest.hasSuffix(last)
    }

    /// `*`, `N` or `A-B` (spaces allowed) includes one of `ports`; anything else includes none.
    static func portRange(_ text: String, includesAnyOf ports: [Int]) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return !ports.isEmpty }
        let bounds = trimmed.split(separator: "-", maxSplits: 1).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let low = bounds.first ?? nil, let high = bounds.count == 2 ? bounds[1] : low, low <= high else { return false }
        return ports.contains { $0 >= low && $0 <= high }
    }

    /// Azure Policy's `match`: `#` is a digit, `?` a letter, `.` any character, anything else itself.
    static func match(_ text: String, _ pattern: String, caseSensitive: Bool) -> Bool {
        let subject = Array(text)
        let shape = Array(pattern)
        guard subject.count == shape.count else { return false }
        for (character, expected) in zip(subject, shape) {
            switch expected {
            case "#": if !character.isASCII || !character.isNumber { return false }
            case "?": if !character.isLetter { return false }
            case ".": continue
            default:
                if caseSensitive ? character != expected : character.lowercased() != expected.lowercased() { return false }
            }
        }
        return true
    }

    /// Numbers compare numerically; strings ordinally and case-insensitively. Anything else cannot be ordered.
    static func order(_ value: Value?, _ operand: Value, _ accept: (Int) -> Bool) -> Truth {
        guard let value else { return .false }
        if let x = value.numberValue, let y = operand.numberValue { return Truth(accept(x < y ? -1 : (x > y ? 1 : 0))) }
        if let x = value.stringValue?.lowercased(), let y = operand.stringValue?.lowercased() {
            return Truth(accept(x < y ? -1 : (x > y ? 1 : 0)))
        }
        return .false
    }
}
