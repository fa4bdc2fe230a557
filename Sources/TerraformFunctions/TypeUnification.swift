import TerraformModel

/// Types of values and their unification, as cty's `convert.Unify` finds the one type a list or map of mixed
/// values takes: identical types stay; primitives mixed with a string become strings; objects with different
/// attributes become a map when their attributes share a type; tuples become lists the same way. Null and unknown
/// values (`.any`) fit every type.
enum TypeUnification {
    /// The type of a value; `.any` for null and unknown, whose type a scanner does not track.
    static func type(of value: TerraformValue, depth: Int = 0) -> TerraformType {
        guard depth < 64 else { return .any }
        switch value.kind {
        case .null, .unknown: return .any
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .list(let elements): return .list(unify(elements.map { type(of: $0, depth: depth + 1) }) ?? .any)
        case .set(let elements): return .set(unify(elements.map { type(of: $0, depth: depth + 1) }) ?? .any)
        case .map(let members): return .map(unify(members.values.map { type(of: $0, depth: depth + 1) }) ?? .any)
        case .tuple(let elements): return .tuple(elements.map { type(of: $0, depth: depth + 1) })
        case .object(let members): return .object(members.mapValues { .init(type: type(of: $0, depth: depth + 1)) })
        }
    }

    /// The one type all `types` convert to, or nil when there is none.
    static func unify(_ types: [TerraformType], depth: Int = 0) -> TerraformType? {
        guard depth < 64 else { return nil }
        let known = types.filter { $0 != .any }
        guard var result = known.first else { return .any }
        for next in known.dropFirst() {
            guard let unified = unify(result, next, depth: depth) else { return nil }
            result = unified
        }
        return result
    }

    private static func unify(_ lhs: TerraformType, _ rhs: TerraformType, depth: Int) -> TerraformType? {
        if lhs == rhs || rhs == .any { return lhs }
        if lhs == .any { return rhs }
        switch (lhs, rhs) {
        case (.string, .number), (.number, .string), (.string, .bool), (.bool, .string): return .string
        case (.list(let left), .list(let right)): return unify([left, right], depth: depth + 1).map { .list($0) }
        case (.set(let left), .set(let right)): return unify([left, right], depth: depth + 1).map { .set($0) }
        case (.map(let left), .map(let right)): return unify([left, right], depth: depth + 1).map { .map($0) }
        case (.tuple(let left), .tuple(let right)) where left.count == right.count:
            var elements: [TerraformType] = []
            for (leftElement, rightElement) in zip(left, right) {
                guard let unified = unify([leftElement, rightElement], depth: depth + 1) else {
                    return unify(left + right, depth: depth + 1).map { .list($0) }
                }
                elements.append(unified)
            }
            return .tuple(elements)
        case (.tuple(let left), .tuple(let right)): return unify(left + right, depth: depth + 1).map { .list($0) }
        case (.list(let element), .tuple(let elements)), (.tuple(let elements), .list(let element)):
            return unify([element] + elements, depth: depth + 1).map { .list($0) }
        case (.object(let left), .object(let right)) where Set(left.keys) == Set(right.keys):
            var attributes: [String: TerraformType.ObjectAttribute] = [:]
            for (name, attribute) in left {
                guard let other = right[name], let unified = unify([attribute.type, other.type], depth: depth + 1) else {
                    return nil
                }
                attributes[name] = .init(type: unified)
            }
            return .object(attributes)
        case (.object(let left), .object(let right)):
            return unify(left.values.map(\.type) + right.values.map(\.type), depth: depth + 1).map { .map($0) }
        case (.map(let element), .object(let attributes)), (.object(let attributes), .map(let element)):
            return unify([element] + attributes.values.map(\.type), depth: depth + 1).map { .map($0) }
        default: return nil
        }
    }

    /// `values` converted to their unified type, or nil when they have none.
    static func unified(_ values: [TerraformValue]) -> [TerraformValue]? {
        guard let common = unify(values.map { type(of: $0) }) else { return nil }
        var converted: [TerraformValue] = []
        converted.reserveCapacity(values.count)
        for value in values {
            guard let next = try? value.converted(to: common) else { return nil }
            converted.append(next)
        }
        return converted
    }

    /// A list when the elements share a type, a tuple otherwise: what cty builds for a sequence of any values.
    static func sequence(_ elements: [TerraformValue]) -> TerraformValue {
        if let unified = unified(elements) { return TerraformValue(.list(unified)) }
        return .tuple(elements)
    }

    /// Whether `value` is a string, number or bool.
    static func isPrimitive(_ value: TerraformValue) -> Bool {
        switch value.kind {
        case .string, .number, .bool: true
        default: false
        }
    }
}
