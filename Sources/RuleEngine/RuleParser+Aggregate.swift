import LocatedYAML
import PostureModel
import SourceModel

extension RuleParser {
    /// Operators a count of resources takes: numbers compare, nothing else means anything for a count.
    private static let countOperators: Set<String> = [
        "equals", "notEquals", "in", "notIn", "greater", "greaterOrEquals", "less", "lessOrEquals",
    ]

    /// `resources: {type, where}` beside `some: true`, `none: true` or one numeric operator.
    mutating func parseAggregate(
        _ node: YAMLNode, beside members: [(key: String, value: YAMLNode, keyLocation: SourceLocation)], at parent: YAMLNode
    ) -> Condition? {
        guard rejectUnknownKeys(node, allowed: ["type", "where"], in: "resources") else { return nil }
        guard let typeNode = node["type"] else {
            fail(.missingKey, node, "expected 'type' in 'resources': the resource type to look for in this resource's scope")
            return nil
        }
        let types = typeNode.string.map { [$0] } ?? typeNode.strings() ?? []
        guard !types.isEmpty, types.allSatisfy({ $0.contains("/") }) else {
            fail(.invalidValue, typeNode, "expected a resource type (Namespace/type) or a non-empty list of them for 'type'")
            return nil
        }
        var condition: Condition?
        if let whereNode = node["where"] {
            guard let parsed = parseCondition(whereNode) else { return nil }
            condition = parsed
        }
        let expected = "'some: true', 'none: true' or a count operator (\(Self.countOperators.sorted().joined(separator: ", ")))"
        guard members.count == 1, let member = members.first else {
            let found = members.map { "'\($0.key)'" }.joined(separator: ", ")
            fail(
                .unknownOperator, parent,
                members.isEmpty
                    ? "expected \(expected) beside 'resources'" : "expected one of \(expected) beside 'resources', found \(found)")
            return nil
        }
        let quantifier: AggregateClause.Quantifier
        switch member.key {
        case "some", "none":
            guard let flag = member.value.value().boolValue else {
                fail(.invalidValue, member.value, "expected '\(member.key): true' or '\(member.key): false'")
                return nil
            }
            quantifier = (member.key == "some") == flag ? .some : .none
        case let key where Self.countOperators.contains(key):
            guard let comparison = parseOperator([member], at: parent) else { return nil }
            guard comparison.countOperands.allSatisfy({ $0.numberValue != nil }) else {
                fail(.invalidValue, member.value, "expected a number of resources for '\(member.key)' (or a list of numbers)")
                return nil
            }
            quantifier = .count(comparison)
        default:
            errors.append(
                Diagnostic(
                    .unknownOperator, at: member.keyLocation, "unknown quantifier '\(member.key)' for 'resources'; expected \(expected)"))
            return nil
        }
        return .aggregate(AggregateClause(types: types.map { ResourceType($0) }, condition: condition, quantifier: quantifier))
    }
}

extension Operator {
    /// The operands of a comparison a count can take; empty for the others.
    var countOperands: [Value] {
        switch self {
        case .equals(let value), .notEquals(let value), .greater(let value), .greaterOrEquals(let value), .less(let value),
            .lessOrEquals(let value):
            [value]
        case .in(let values), .notIn(let values): values
        default: []
        }
    }
}
