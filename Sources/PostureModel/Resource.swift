public import SourceModel

/// Where a resource description came from. Every input produces the same model, so one rule serves all.
public enum Origin: String, Sendable, Hashable, Codable {
    case arm
    case terraform
    case live
    /// A secret found in a source or configuration file (not a template), judged by the secrets rules.
    case sourceFile = "source-file"
    /// A host of a vulnerability scan (Nessus) that matched no scanned resource: a resource of type `host`.
    case vulnerabilityScan = "vulnerability-scan"
}

/// Whether a resource is deployed: templates may make it depend on a `condition`.
public enum DeploymentCondition: Sendable, Hashable {
    /// No condition, or one that holds.
    case met
    /// A condition that is false: the resource is not deployed and rules do not judge it.
    case notMet
    /// A condition known only at deployment: the resource is kept, and judged, with this mark.
    case unknown(Unknown)
}

/// One normalized Azure resource, whatever input described it.
public struct Resource: Sendable, Hashable {
    /// Full type with child types flattened: `Microsoft.CognitiveServices/accounts/deployments`.
    public var type: ResourceType
    /// Full name with parents: `myaccount/gpt-4o`. May contain unknown segments, rendered as their expressions.
    public var name: String
    /// Resource id. For template inputs the deployment scope is written symbolically, for example
    /// `/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/...`, so that ids produced by
    /// `resourceId()` and by declarations in the same deployment compare equal.
    public var id: String
    public var apiVersion: String?
    /// The whole declaration after evaluation: `location`, `kind`, `sku`, `identity`, `tags`, `properties`
    /// and anything else the input carries. Rule field paths are resolved against it.
    public var body: Value
    /// The id of the parent resource, for child resources.
    public var parentID: String?
    /// The ids of resources declared as children of this one, or naming it as parent.
    public var childIDs: [String]
    /// For extension resources (diagnostic settings, role assignments, locks): the id of the resource they apply to.
    public var scopeID: String?
    public var source: SourceLocation
    public var origin: Origin
    public var condition: DeploymentCondition
    /// The address the input knows the resource by when it is not the id: the Terraform address, module path and
    /// instance key included (`module.openai.azurerm_cognitive_account.openai["east"]`). Nil for ARM and live input.
    public var address: String?

    public init(
        type: ResourceType, name: String, id: String, apiVersion: String? = nil, body: Value,
        parentID: String? = nil, childIDs: [String] = [], scopeID: String? = nil,
        source: SourceLocation, origin: Origin, condition: DeploymentCondition = .met, address: String? = nil
    ) {
        self.type = type
        self.name = name
        self.id = id
        self.apiVersion = apiVersion
        self.body = body
        self.parentID = parentID
        self.childIDs = childIDs
        self.scopeID = scopeID
        self.source = source
        self.origin = origin
        self.condition = condition
        self.address = address
    }

    public var location: Value? { body[member: "location"] }
    public var kind: Value? { body[member: "kind"] }
    public var sku: Value? { body[member: "sku"] }
    public var identity: Value? { body[member: "identity"] }
    public var tags: Value? { body[member: "tags"] }
    public var properties: Value? { body[member: "properties"] }
}
