public import PostureModel

/// A rule condition, modelled on Azure Policy's `if` language. A rule's `require` condition describes the
/// compliant state: `true` passes, `false` fails, `unknown` means the input cannot tell.
public indirect enum Condition: Sendable, Hashable {
    case allOf([Condition])
    case anyOf([Condition])
    case not(Condition)
    /// `field: path` with one operator.
    case field(FieldPath, Operator)
    /// `count: {field: path[*], where: condition}` with one operator applied to the number of matches.
    case count(FieldPath, where: Condition?, Operator)
    /// A resource of `type` exists whose value at `path` is this resource's id, or whose id this resource holds at
    /// `via` (and that satisfies `where`).
    case related(RelatedClause)
    /// `resources: {type, where}` with `some`, `none` or a numeric operator: the resources of a type in the judged
    /// resource's scope (the whole unit for a tenant, those under its id otherwise), as Azure Policy's `count`.
    case aggregate(AggregateClause)
    /// `value: <operand>` with one operator, as Azure Policy's value conditions: mostly a rule parameter.
    case value(Value, Operator)
}

public struct RelatedClause: Sendable, Hashable {
    public var type: ResourceType
    public var link: Link
    public var condition: Condition?

    /// Which of the two resources holds the other's id.
    public enum Link: Sendable, Hashable {
        /// `path:` the related resource holds this one's id there (a private endpoint's `privateLinkServiceId`).
        case path(FieldPath)
        /// `via:` this resource holds the related one's id there (a workspace's `containerRegistry`).
        case via(FieldPath)

        /// The path, and on which side it is read, for documentation.
        var text: String {
            switch self {
            case .path(let path): path.text
            case .via(let path): "via \(path.text)"
            }
        }
    }
}

/// A comparison with its operand, as Azure Policy names them.
public enum Operator: Sendable, Hashable {
    case equals(Value)
    case notEquals(Value)
    case `in`([Value])
    case notIn([Value])
    case exists(Bool)
    case contains(Value)
    case notContains(Value)
    case like(String)
    case notLike(String)
    case match(String)
    case notMatch(String)
    case matchInsensitively(String)
    case notMatchInsensitively(String)
    case greater(Value)
    case greaterOrEquals(Value)
    case less(Value)
    case lessOrEquals(Value)
    case containsKey(String)
    case notContainsKey(String)
    /// The value is a port (`22`), a range (`20-30`) or `*` that includes one of these ports: for network
    /// security rules, which write port ranges as text.
    case includesPort([Int])

    /// The names the YAML accepts, in the spelling Azure Policy uses.
    public static let names: [String] = [
        "equals", "notEquals", "in", "notIn", "exists", "contains", "notContains", "like", "notLike",
        "match", "notMatch", "matchInsensitively", "notMatchInsensitively",
        "greater", "greaterOrEquals", "less", "lessOrEquals", "containsKey", "notContainsKey", "includesPort",
    ]

    public var name: String {
        switch self {
        case .equals: "equals"
        case .notEquals: "notEquals"
        case .in: "in"
        case .notIn: "notIn"
        case .exists: "exists"
        case .contains: "contains"
        case .notContains: "notContains"
        case .like: "like"
        case .notLike: "notLike"
        case .match: "match"
        case .notMatch: "notMatch"
        case .matchInsensitively: "matchInsensitively"
        case .notMatchInsensitively: "notMatchInsensitively"
        case .greater: "greater"
        case .greaterOrEquals: "greaterOrEquals"
        case .less: "less"
        case .lessOrEquals: "lessOrEquals"
        case .containsKey: "containsKey"
        case .notContainsKey: "notContainsKey"
        case .includesPort: "includesPort"
        }
    }
}

extension Condition {
    /// Every field a condition reads, in order, without repeats: what a rule's documentation says it checks.
    public var fieldPaths: [String] {
        var paths: [String] = []
        func visit(_ condition: Condition) {
            switch condition {
            case .allOf(let conditions), .anyOf(let conditions): conditions.forEach(visit)
            case .not(let inner): visit(inner)
            case .field(let path, _): if !paths.contains(path.text) { paths.append(path.text) }
            case .count(let path, let filter, _):
                if !paths.contains(path.text) { paths.append(path.text) }
                filter.map(visit)
            case .related(let clause):
                let text = "\(clause.type.name) → \(clause.link.text)"
                if !paths.contains(text) { paths.append(text) }
            case .aggregate(let clause):
                let text = "\(clause.typeNames) in scope"
                if !paths.contains(text) { paths.append(text) }
            case .value: break
            }
        }
        visit(self)
        return paths
    }
}
