public import LocatedJSON

/// Why a rule file was rejected, and where: `rules/ai.yaml:12:7: unknown operator 'equal'; expected one of ...`.
public struct RuleLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unreadableFile = "unreadable-file"
        case yamlSyntax = "yaml-syntax"
        case unknownOperator = "unknown-operator"
        case malformedPath = "malformed-path"
        case missingKey = "missing-key"
        case unknownKey = "unknown-key"
        case invalidValue = "invalid-value"
        case duplicateID = "duplicate-id"
    }

    public var code: Code
    public var location: SourceLocation
    public var message: String

    public init(_ code: Code, at location: SourceLocation, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
