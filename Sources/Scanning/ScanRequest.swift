public import RuleEngine

/// What to scan and with which rules.
public struct ScanRequest: Sendable {
    /// Files and folders named by the user. Named files must be inputs of some front end; folders are walked.
    public var paths: [String]
    public var catalog: RuleCatalog

    public init(paths: [String], catalog: RuleCatalog) {
        self.paths = paths
        self.catalog = catalog
    }
}
