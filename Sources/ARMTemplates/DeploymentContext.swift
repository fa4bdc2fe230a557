public import Foundation

/// Where and when a template is deployed, as far as expressions can see: `subscription()`,
/// `resourceGroup()`, `tenant()`, `deployment()`, `utcNow()`. Azure fills these in at deployment; a scan
/// uses these documented, deterministic defaults unless the user passes the real values.
public struct DeploymentContext: Sendable, Hashable {
    public var subscriptionID: String
    public var resourceGroup: String
    /// The resource group's location, and the deployment location of subscription-scoped templates.
    public var location: String
    public var tenantID: String
    public var managementGroup: String
    public var deploymentName: String
    /// The value of `utcNow()`. Without it, `utcNow()` is unknown.
    public var utcNow: Date?

    public init(
        subscriptionID: String = "00000000-0000-0000-0000-000000000000",
        resourceGroup: String = "bulwark-scan",
        location: String = "eastus",
        tenantID: String = "00000000-0000-0000-0000-000000000000",
        managementGroup: String = "bulwark-scan",
        deploymentName: String = "bulwark-scan",
        utcNow: Date? = nil
    ) {
        self.subscriptionID = subscriptionID
        self.resourceGroup = resourceGroup
        self.location = location
        self.tenantID = tenantID
        self.managementGroup = managementGroup
        self.deploymentName = deploymentName
        self.utcNow = utcNow
    }

    public static let `default` = DeploymentContext()
}

/// The scope a template deploys into, which decides the ids its resources get.
struct DeploymentScope: Sendable, Hashable {
    enum Level: Sendable, Hashable {
        case resourceGroup
        case subscription
        case managementGroup
        case tenant
    }

    var level: Level
    var subscriptionID: String
    var resourceGroup: String
    var managementGroup: String

    /// The id prefix of resources deployed at this scope.
    var id: String {
        switch level {
        case .resourceGroup: "/subscriptions/\(subscriptionID)/resourceGroups/\(resourceGroup)"
        case .subscription: "/subscriptions/\(subscriptionID)"
        case .managementGroup: "/providers/Microsoft.Management/managementGroups/\(managementGroup)"
        case .tenant: ""
        }
    }

    var subscriptionScopeID: String { "/subscriptions/\(subscriptionID)" }

    init(level: Level, context: DeploymentContext) {
        self.level = level
        self.subscriptionID = context.subscriptionID
        self.resourceGroup = context.resourceGroup
        self.managementGroup = context.managementGroup
    }

    /// The level a template's `$schema` declares.
    static func level(ofSchema schema: String?) -> Level {
        let schema = schema?.lowercased() ?? ""
        if schema.hasSuffix("subscriptiondeploymenttemplate.json#") { return .subscription }
        if schema.hasSuffix("managementgroupdeploymenttemplate.json#") { return .managementGroup }
        if schema.hasSuffix("tenantdeploymenttemplate.json#") { return .tenant }
        return .resourceGroup
    }
}
