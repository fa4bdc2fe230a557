public import PostureModel

/// `resources:` in a condition: the resources of one or more types in the judged resource's scope, and how many of
/// them must satisfy `where`. The scope of a `Microsoft.Graph/tenants` resource is every resource of the unit; of a
/// `Microsoft.Resources/subscriptions` resource, and of any other, the resources whose id is under its id.
public struct AggregateClause: Sendable, Hashable {
    /// One type, or several counted together (active and eligible role assignments).
    public var types: [ResourceType]
    public var condition: Condition?
    public var quantifier: Quantifier

    public init(types: [ResourceType], condition: Condition?, quantifier: Quantifier) {
        self.types = types
        self.condition = condition
        self.quantifier = quantifier
    }

    /// What the clause asks of the matching resources.
    public enum Quantifier: Sendable, Hashable {
        /// `some: true`: at least one matches.
        case some
        /// `none: true`: none matches.
        case none
        /// A numeric operator (`greaterOrEquals: 2`) applied to the number of matches.
        case count(Operator)
    }

    /// `some Microsoft.Graph/conditionalAccessPolicies match state equals enabled`, for messages.
    var summary: String {
        let filter = condition.map { " match \($0.summary())" } ?? ""
        switch quantifier {
        case .some: return "some \(typeNames)\(filter)"
        case .none: return "no \(typeNames)\(filter)"
        case .count(let comparison): return "the count of \(typeNames)\(filter) \(comparison.summary)"
        }
    }

    /// `Microsoft.Graph/roleAssignments or Microsoft.Graph/roleEligibilitySchedules`.
    var typeNames: String { types.map(\.name).joined(separator: " or ") }
}

extension ResourceType {
    /// The tenant a live collection read Microsoft Graph objects from: its scope is every resource of the unit.
    static let tenant = ResourceType("Microsoft.Graph/tenants")
    /// A subscription container: its scope is every resource whose id is under the subscription's id.
    static let subscription = ResourceType("Microsoft.Resources/subscriptions")
}
