public import SourceModel

/// Why a rule file, or part of one, was rejected: `rules/ai.yaml:12:7: unknown operator 'equal'; expected one
/// of ...`. Rule loading reports ``Diagnostic``s with these codes (and `yaml-syntax`, `unreadable-file`).
extension Diagnostic.Code {
    public static let unknownOperator = Self("unknown-operator")
    public static let malformedPath = Self("malformed-path")
    public static let missingKey = Self("missing-key")
    public static let unknownKey = Self("unknown-key")
    public static let invalidValue = Self("invalid-value")
    public static let duplicateID = Self("duplicate-id")
    /// A rule file problem as a scan reports it, whatever its own code.
    public static let invalidRule = Self("invalid-rule")
}
