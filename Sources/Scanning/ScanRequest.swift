public import RuleEngine

/// What to scan and with which rules.
public struct ScanRequest: Sendable {
    /// Files and folders named by the user. Named files must be inputs of some front end; folders are walked.
    public var paths: [String]
    public var catalog: RuleCatalog
    /// Whether the result carries every rule of the catalog (a SARIF report describes them all) or only the rules
    /// that apply to the resources found, which reads only the built-in rule files those need.
    public var describesEveryRule: Bool

    public init(paths: [String], catalog: RuleCatalog, describesEveryRule: Bool = true) {
        self.paths = paths
        self.catalog = catalog
        self.describesEveryRule = describesEveryRule
    }
}
