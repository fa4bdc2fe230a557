public import ARMTemplates
public import RuleEngine

/// What to scan and with which rules.
public struct ScanRequest: Sendable {
    /// Files and folders named by the user. Named files must be templates; folders are walked.
    public var paths: [String]
    /// A parameter file applied to every template named on the command line (`--parameters`).
    public var parameterFile: String?
    public var catalog: RuleCatalog
    /// The subscription, resource group, location and time templates are expanded for.
    public var context: DeploymentContext

    public init(paths: [String], parameterFile: String? = nil, catalog: RuleCatalog, context: DeploymentContext = .default) {
        self.paths = paths
        self.parameterFile = parameterFile
        self.catalog = catalog
        self.context = context
    }
}
