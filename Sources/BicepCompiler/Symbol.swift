public import BicepSyntax

/// A name a Bicep file declares at its top level, and what kind of thing it names.
public struct Symbol: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case parameter, variable, resource, module, function, type, metadata, output
        /// A name brought in by `import { name } from '...'`.
        case importedSymbol = "imported symbol"
        /// `import * as alias from '...'`.
        case importNamespace = "import namespace"
        /// `extension x as alias`.
        case extensionAlias = "extension"
    }

    public var name: String
    public var kind: Kind
    /// The identifier in its declaration.
    public var range: SourceRange

    public init(name: String, kind: Kind, range: SourceRange) {
        self.name = name
        self.kind = kind
        self.range = range
    }
}

/// The scope a template deploys to (`targetScope`).
public enum TargetScope: String, Sendable, Hashable {
    case resourceGroup, subscription, managementGroup, tenant

    /// The `$schema` the compiler writes for the scope.
    var schema: String {
        switch self {
        case .resourceGroup: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
        case .subscription: "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
        case .managementGroup: "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"
        case .tenant: "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#"
        }
    }
}

/// A declared resource (top level or nested in another resource's body) with what the compiler derives from it.
struct ResourceSymbol: Sendable {
    /// Its position in ``SemanticModel/resources``.
    var index: Int
    var name: Identifier
    /// `parent::child` for a nested resource, as `dependsOn` ordering and copy names use it.
    var symbolicName: String
    var declaration: Declaration
    var syntax: ResourceDeclaration
    /// `Microsoft.Storage/storageAccounts/blobServices`.
    var fullType: String
    var apiVersion: String?
    /// The resource whose body declares this one.
    var nestedParent: Int?
    /// The module declaration when this is the nested deployment of a module.
    var module: ModuleDeclaration? = nil
    /// Children declared in the body, by name.
    var children: [String: Int] = [:]
    /// `parent: p` or `parent: p[i]`, resolved once every resource is known.
    var explicitParent: (resource: Int, index: Expression?)?

    var body: ObjectLiteral? { syntax.body.object }

    /// The loop of the declaration itself.
    var ownLoop: ForExpression? {
        if case .loop(let loop) = syntax.body { return loop }
        return nil
    }

    /// The `if (...)` of the declaration itself (for a loop, its filter).
    var ownCondition: Expression? {
        switch syntax.body {
        case .conditional(let condition, _): condition
        case .loop(let loop): loop.condition
        case .object: nil
        }
    }
}
