public import SourceModel
public import PostureModel

/// One check, written as data: what it applies to, the compliant state, and everything a person needs to
/// understand and fix a failure.
public struct Rule: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var category: String
    public var controls: [Control]
    public var applicability: Applicability
    /// The compliant state: `true` passes, `false` fails, `unknown` cannot be decided from the input.
    public var requirement: Condition
    /// The service's values of properties a template leaves out, by API version: read instead of "absent".
    public var defaults: [FieldDefault]
    /// Said when the rule fails, after the resource name.
    public var failureMessage: String
    public var rationale: String
    public var remediation: Remediation
    /// Framework name → control ids, for example `MCSB: [IM-1]`.
    public var compliance: [String: [String]]
    public var links: [String]
    /// The equivalent checks of other tools (`CKV_AZURE_236`), used to compare verdicts.
    public var equivalents: [String]
    /// Where this rule's verdict deliberately differs from an equivalent's, and why.
    public var differences: [String]
    public var examples: Examples
    /// The rule parameters it reads (`allowedLocations`), with the values they had when it was loaded.
    public var parameters: [String]
    /// Where the rule was read from.
    public var source: SourceLocation

    public struct Applicability: Sendable, Hashable {
        public var types: [ResourceType]
        /// Resource `kind` values (case-insensitive); empty means any kind.
        public var kinds: [String]
        /// A further condition; the rule applies where it is not `false`.
        public var condition: Condition?
    }

    public struct Remediation: Sendable, Hashable, Codable {
        public var az: String?
        public var bicep: String?
        public var terraform: String?

        public init(az: String? = nil, bicep: String? = nil, terraform: String? = nil) {
            self.az = az
            self.bicep = bicep
            self.terraform = terraform
        }
    }

    /// Resource snippets that must pass and must fail: the test suite evaluates every one.
    public struct Examples: Sendable, Hashable {
        public var passing: [Value]
        public var failing: [Value]
        /// Rule parameters the examples are judged with (for rules that apply only when a parameter is set).
        public var parameters: [String: Value] = [:]
    }
}

extension Rule {
    /// A rule whose verdicts come from another tool rather than a condition (a Nessus plugin, `NESSUS-19506`): it
    /// applies to no resource type, so the evaluator never judges it, but reports describe its findings as they
    /// describe any rule's.
    public static func external(
        id: String, title: String, severity: Severity, category: String, controls: [Control] = [], rationale: String,
        remediation: Remediation = Remediation(), links: [String] = [], source: SourceLocation
    ) -> Rule {
        Rule(
            id: id, title: title, severity: severity, category: category, controls: controls,
            applicability: Applicability(types: [], kinds: [], condition: nil), requirement: .allOf([]), defaults: [],
            failureMessage: title, rationale: rationale, remediation: remediation, compliance: [:], links: links, equivalents: [],
            differences: [], examples: Examples(passing: [], failing: []), parameters: [], source: source)
    }
}
