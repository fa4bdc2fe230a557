public import SourceModel

/// A mapping file that cannot be used: where, and what to write instead.
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(at location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:col: message`.
    public var description: String { "\(location): \(message)" }

    /// The problem as a located diagnostic.
    public var diagnostic: Diagnostic { Diagnostic(.invalidMapping, at: location, message) }
}

extension Diagnostic.Code {
    /// A Terraform mapping file that is not valid YAML or not of the mapping's shape.
    public static let invalidMapping = Self("invalid-terraform-mapping")
    /// A Terraform type the mapping does not know: its instances are not judged (a note, once per type).
    public static let unmappedTerraformType = Self("unmapped-terraform-type")
    /// A resource that could not be mapped as written (an `azapi_resource` whose `type` is unknown, a body that is
    /// not JSON, a patch whose target is not in the configuration).
    public static let terraformMapping = Self("terraform-mapping")
}
