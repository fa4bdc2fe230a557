/// A Terraform type constraint, as a variable's `type` or a conversion function names it.
public indirect enum TerraformType: Sendable, Hashable, CustomStringConvertible {
    /// `any`: no constraint.
    case any
    case string
    case number
    case bool
    case list(TerraformType)
    case set(TerraformType)
    case map(TerraformType)
    case tuple([TerraformType])
    case object([String: ObjectAttribute])

    /// One attribute of an object type: `optional(type, default)` or required.
    public struct ObjectAttribute: Sendable, Hashable {
        public var type: TerraformType
        public var isOptional: Bool
        /// The `optional()` default, used when the attribute is absent or null.
        public var defaultValue: TerraformValue?

        public init(type: TerraformType, isOptional: Bool = false, defaultValue: TerraformValue? = nil) {
            self.type = type
            self.isOptional = isOptional
            self.defaultValue = defaultValue
        }
    }

    /// The constraint as Terraform writes it: `list(object({name = string}))`.
    public var description: String {
        switch self {
        case .any: "any"
        case .string: "string"
        case .number: "number"
        case .bool: "bool"
        case .list(let element): "list(\(element))"
        case .set(let element): "set(\(element))"
        case .map(let element): "map(\(element))"
        case .tuple(let elements): "tuple([\(elements.map(\.description).joined(separator: ", "))])"
        case .object(let attributes):
            "object({"
                + attributes.sorted { $0.key < $1.key }.map { name, attribute in
                    attribute.isOptional
                        ? "\(name) = optional(\(attribute.type)\(attribute.defaultValue.map { ", " + $0.rendered } ?? ""))"
                        : "\(name) = \(attribute.type)"
                }.joined(separator: ", ") + "})"
        }
    }
}
