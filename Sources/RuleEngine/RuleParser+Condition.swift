import LocatedYAML
import Foundation
import SourceModel
import PostureModel

extension RuleParser {
    private static let logicalKeys: Set<String> = ["allOf", "anyOf", "not", "field", "count", "related", "resources", "value"]

    /// Parses one condition mapping. Returns nil (with errors recorded) when it is malformed.
    mutating func parseCondition(_ node: YAMLNode) -> Condition? {
        guard let members = node.mapping else {
            fail(.invalidValue, node, "expected a condition: a mapping with allOf, anyOf, not, field, count, related or resources")
            return nil
        }
        let logical = members.filter { ["allOf", "anyOf", "not"].contains($0.key) }
        if let first = logical.first, members.count > 1 {
            let others = members.filter { $0.key != first.key }.map { "'\($0.key)'" }.joined(separator: ", ")
            fail(
                .unknownKey, node,
                "'\(first.key)' must stand alone in its condition, found \(others) beside it; wrap them in allOf or anyOf")
            return nil
        }
        if let list = node["allOf"] ?? node["anyOf"] {
            guard let items = list.sequence, !items.isEmpty else {
                fail(.invalidValue, list, "expected a non-empty list of conditions")
                return nil
            }
            let conditions = items.compactMap { parseCondition($0) }
            guard conditions.count == items.count else { return nil }
            return node["allOf"] != nil ? .allOf(conditions) : .anyOf(conditions)
        }
        if let inner = node["not"] {
            return parseCondition(inner).map(Condition.not)
        }
        if let related = node["related"] {
            guard let clause = parseRelated(related) else { return nil }
            let others = members.filter { $0.key != "related" }
            if let exists = others.first, exists.key == "exists", others.count == 1 {
                guard let flag = exists.value.value().boolValue else {
                    fail(.invalidValue, exists.value, "expected 'exists: true' or 'exists: false'")
                    return nil
                }
                return flag ? .related(clause) : .not(.related(clause))
            }
            if let other = others.first {
                fail(.unknownOperator, other.value, "a 'related' clause takes only 'exists: true|false', found '\(other.key)'")
                return nil
            }
            return .related(clause)
        }
        if let resources = node["resources"] {
            return parseAggregate(resources, beside: members.filter { $0.key != "resources" }, at: node)
        }
        if let count = node["count"] {
            guard rejectUnknownKeys(count, allowed: ["field", "where"], in: "count") else { return nil }
            guard let pathText = count["field"]?.string else {
                fail(.missingKey, count, "expected 'field' (a path ending in [*]) in 'count'")
                return nil
            }
            guard let path = parsePath(pathText, at: count["field"]!) else { return nil }
            if path.segments.last != .everyElement {
                fail(.malformedPath, count["field"]!, "a counted field must end in [*], found '\(pathText)'")
                return nil
            }
            var filter: Condition?
            if let whereNode = count["where"] {
                guard let parsed = parseCondition(whereNode) else { return nil }
                filter = parsed
            }
            guard let comparison = parseOperator(members.filter { $0.key != "count" }, at: node) else { return nil }
            return .count(path, where: filter, comparison)
        }
        if let valueNode = node["value"] {
            guard let value = operand(valueNode) else { return nil }
            guard let comparison = parseOperator(members.filter { $0.key != "value" }, at: node) else { return nil }
            return .value(value, comparison)
        }
        if let field = node["field"] {
            guard let pathText = field.string, let path = parsePath(pathText, at: field) else {
                if field.string == nil { fail(.invalidValue, field, "expected 'field' to be a path string") }
                return nil
            }
            guard let comparison = parseOperator(members.filter { $0.key != "field" }, at: node) else { return nil }
            return .field(path, comparison)
        }
        let first = members.first
        fail(
            .unknownOperator, first?.value ?? node,
            "unknown condition '\(first?.key ?? "")'; expected one of \(Self.logicalKeys.sorted().joined(separator: ", "))"
        )
        return nil
    }

    mutating func parsePath(_ text: String, at node: YAMLNode) -> FieldPath? {
        switch FieldPath.parse(text) {
        case .success(let path): return path
        case .failure(let error):
            fail(.malformedPath, node, "malformed field path '\(text)': \(error.reason)")
            return nil
        }
    }

    private mutating func parseRelated(_ node: YAMLNode) -> RelatedClause? {
        guard rejectUnknownKeys(node, allowed: ["type", "path", "via", "where"], in: "related") else { return nil }
        guard let type = node["type"]?.string else {
            fail(.missingKey, node, "expected 'type' in 'related': the resource type linked to this one")
            return nil
        }
        let link: RelatedClause.Link
        switch (node["path"], node["via"]) {
        case (let pathNode?, nil):
            guard let pathText = pathNode.string, let path = parsePath(pathText, at: pathNode) else { return nil }
            link = .path(path)
        case (nil, let viaNode?):
            guard let viaText = viaNode.string, let path = parsePath(viaText, at: viaNode) else { return nil }
            link = .via(path)
        case (.some, .some):
            fail(.invalidValue, node, "a 'related' clause takes 'path' or 'via', not both")
            return nil
        case (nil, nil):
            fail(
                .missingKey, node,
                "expected 'path' in 'related' (where that resource holds this one's id) or 'via' (where this resource holds its id)")
            return nil
        }
        var condition: Condition?
        if let whereNode = node["where"] {
            guard let parsed = parseCondition(whereNode) else { return nil }
            condition = parsed
        }
        return RelatedClause(type: ResourceType(type), link: link, condition: condition)
    }

    mutating func parseOperator(_ members: [(key: String, value: YAMLNode, keyLocation: SourceLocation)], at node: YAMLNode)
        -> Operator?
    {
        guard members.count == 1, let member = members.first else {
            let found = members.map(\.key).joined(separator: ", ")
            fail(
                .unknownOperator, node,
                members.isEmpty
                    ? "expected one operator (\(Operator.names.joined(separator: ", ")))"
                    : "expected exactly one operator, found \(found)")
            return nil
        }
        guard let operand = operand(member.value) else { return nil }
        func pattern() -> String? {
            guard let text = operand.stringValue else {
                fail(.invalidValue, member.value, "expected a string pattern for '\(member.key)'")
                return nil
            }
            return text
        }
        func list() -> [Value]? {
            guard let elements = operand.elements else {
                fail(.invalidValue, member.value, "expected a list for '\(member.key)'")
                return nil
            }
            return elements
        }
        switch member.key {
        case "equals": return .equals(operand)
        case "notEquals": return .notEquals(operand)
        case "in": return list().map(Operator.in)
        case "notIn": return list().map(Operator.notIn)
        case "exists":
            guard let flag = operand.boolValue else {
                fail(.invalidValue, member.value, "expected true or false for 'exists'")
                return nil
            }
            return .exists(flag)
        case "contains": return .contains(operand)
        case "notContains": return .notContains(operand)
        case "like": return pattern().map(Operator.like)
        case "notLike": return pattern().map(Operator.notLike)
        case "match": return pattern().map(Operator.match)
        case "notMatch": return pattern().map(Operator.notMatch)
        case "matchInsensitively": return pattern().map(Operator.matchInsensitively)
        case "notMatchInsensitively": return pattern().map(Operator.notMatchInsensitively)
        case "greater": return .greater(operand)
        case "greaterOrEquals": return .greaterOrEquals(operand)
        case "less": return .less(operand)
        case "lessOrEquals": return .lessOrEquals(operand)
        case "includesPort":
            guard let ports = list()?.compactMap({ $0.numberValue.map(Int.init) }), !ports.isEmpty else {
                fail(.invalidValue, member.value, "expected a list of port numbers for 'includesPort'")
                return nil
            }
            return .includesPort(ports)
        case "containsKey": return pattern().map(Operator.containsKey)
        case "notContainsKey": return pattern().map(Operator.notContainsKey)
        default:
            errors.append(
                Diagnostic(
                    .unknownOperator, at: member.keyLocation,
                    "unknown operator '\(member.key)'; expected one of \(Operator.names.joined(separator: ", "))"))
            return nil
        }
    }

    /// An operand: a literal, `{ parameter: name }` (the parameter's value for this run), or
    /// `{ daysAgo: N }` / `{ daysAgo: { parameter: name } }` (an ISO 8601 date-time N days before now).
    mutating func operand(_ node: YAMLNode) -> Value? {
        guard let members = node.mapping, members.count == 1, let only = members.first, ["parameter", "daysAgo"].contains(only.key) else {
            return node.value()
        }
        if only.key == "parameter" {
            guard let name = only.value.string else {
                fail(.invalidValue, only.value, "expected a parameter name after 'parameter:'")
                return nil
            }
            guard let value = parameters.values[name] else {
                fail(
                    .invalidValue, only.value,
                    "unknown rule parameter '\(name)'; the parameters are \(parameters.definitions.map(\.name).joined(separator: ", "))")
                return nil
            }
            parametersUsed.insert(name)
            return value.relocated(to: only.value.location)
        }
        guard let days = operand(only.value)?.numberValue else {
            fail(.invalidValue, only.value, "expected a number of days, or a parameter holding one, after 'daysAgo:'")
            return nil
        }
        let date = parameters.now.addingTimeInterval(-days * 86_400)
        return Value(.string(date.formatted(.iso8601)), location: only.value.location)
    }

    /// A typo such as `were:` must not silently change what a clause means.
    mutating func rejectUnknownKeys(_ node: YAMLNode, allowed: Set<String>, in clause: String) -> Bool {
        guard let members = node.mapping else {
            fail(.invalidValue, node, "expected '\(clause)' to be a mapping with \(allowed.sorted().joined(separator: ", "))")
            return false
        }
        let unknown = members.filter { !allowed.contains($0.key) }
        for member in unknown {
            errors.append(
                Diagnostic(
                    .unknownKey, at: member.keyLocation,
                    "unknown key '\(member.key)' in '\(clause)'; expected \(allowed.sorted().joined(separator: ", "))"))
        }
        return unknown.isEmpty
    }

}
