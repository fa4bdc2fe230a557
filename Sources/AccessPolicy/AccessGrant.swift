import Foundation

/// What one key or one token policy allows, and the conditions (conditional access) it sets.
public struct AccessGrant: Sendable, Hashable {
    /// For refusals and the audit log: `key bwk_…` or `policy <name>`.
    public var name: String
    /// Deployment names (case-insensitive); `*` allows every deployment, and only when written.
    public var deployments: [String]
    public var operations: [GatewayOperation]
    /// Regions or geographies; empty allows every region.
    public var regions: [String]
    /// Conditional access: the token must show multi-factor authentication.
    public var requireMFA: Bool
    /// Authentication context ids (`acrs`) that count as multi-factor.
    public var authenticationContexts: [String]
    /// Conditional access: the client's address must be in one of these; empty allows any.
    public var clientNetworks: [IPNetwork]
    /// The guard profile a policy names (`none` for none); nil for the configuration's default.
    public var guardProfile: String?

    public init(
        name: String, deployments: [String], operations: [GatewayOperation], regions: [String], requireMFA: Bool,
        authenticationContexts: [String], clientNetworks: [IPNetwork], guardProfile: String? = nil
    ) {
        self.name = name
        self.deployments = deployments
        self.operations = operations
        self.regions = regions
        self.requireMFA = requireMFA
        self.authenticationContexts = authenticationContexts
        self.clientNetworks = clientNetworks
        self.guardProfile = guardProfile
    }

    /// Deny by default: true only when the operation is listed and the deployment is (or `*` is).
    public func allows(deployment: String, operation: GatewayOperation) -> Bool {
        operations.contains(operation) && deployments.contains { $0 == "*" || DeploymentName.same($0, deployment) }
    }
}
