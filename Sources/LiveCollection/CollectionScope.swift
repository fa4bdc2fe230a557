public import AzureCredentials

/// What to collect: the subscriptions and management groups named, or, when both are empty, every subscription the
/// identity can read (Resource Graph's tenant scope).
public struct CollectionScope: Sendable, Hashable {
    public var subscriptions: [String]
    public var managementGroups: [String]

    public init(subscriptions: [String] = [], managementGroups: [String] = []) {
        self.subscriptions = subscriptions
        self.managementGroups = managementGroups
    }
}

/// Why nothing at all could be collected. Anything less (a collector denied, a subscription refused) is in the
/// snapshot's reports instead. Never carries a secret or a token.
public enum CollectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No token for Azure Resource Manager: the credential source tried, and why.
    case noToken(CredentialError, source: String)
    /// Not one subscription could be read: the ones asked for (empty when every readable one was asked for).
    case noReadableSubscription(asked: [String], detail: String)

    public var description: String {
        switch self {
        case .noToken(let error, let source): "no token for Azure Resource Manager from \(source): \(error)"
        case .noReadableSubscription(let asked, let detail):
            asked.isEmpty
                ? "the identity cannot read any subscription (\(detail)); grant it Reader on the subscriptions to scan"
                : "none of the subscriptions asked for could be read (\(asked.joined(separator: ", "))): \(detail)"
        }
    }
}
