import LocatedJSON
import PostureModel
import SourceModel
import TerraformModel
import Testing
@testable import TerraformMapping

/// Instances written as Swift literals, the way the evaluator or the plan reader would produce them.
enum MappingFixtures {
    static let loaded = Result<AzureResourceMapping, MappingError> { () throws(MappingError) in try AzureResourceMapping() }

    /// The bundled mapping (loaded once).
    static var mapping: AzureResourceMapping {
        get throws { try loaded.get() }
    }

    static let file = "main.tf"
    static let block = SourceLocation(file: file, line: 1, column: 1)

    /// JSON text as Terraform values located where the JSON writes them (line:column in `main.tf`). Arrays are
    /// lists (an array of objects is a repeated block); the string `"${unknown:EXPR}"` is an unknown, and
    /// `"${sensitive:TEXT}"` a sensitive string.
    static func attributes(_ json: String) throws -> TerraformValue {
        try value(JSONReader().read(json))
    }

    static func value(_ json: JSONValue) -> TerraformValue {
        let here = SourceLocation(file: file, position: json.position)
        switch json.kind {
        case .null: return TerraformValue(.null, location: here)
        case .bool(let flag): return .bool(flag, at: here)
        case .integer(let number): return .number(Double(number), at: here)
        case .double(let number): return .number(number, at: here)
        case .string(let text):
            if text.hasPrefix("${unknown:"), text.hasSuffix("}") {
                return .unknown(String(text.dropFirst(10).dropLast()), reason: "known only after apply", at: here)
            }
            if text.hasPrefix("${sensitive:"), text.hasSuffix("}") {
                return TerraformValue(.string(String(text.dropFirst(12).dropLast())), location: here, isSensitive: true)
            }
            return .string(text, at: here)
        case .array(let elements): return TerraformValue(.list(elements.map(value)), location: here)
        case .object(let members):
            var object: [String: TerraformValue] = [:]
            for member in members { object[member.key] = value(member.value) }
            return .object(object, at: here)
        }
    }

    /// An instance of `type` with the attributes `json` gives, its block at main.tf:1:1.
    static func instance(
        _ type: String, _ json: String, name: String = "this", major: Int? = nil,
        source: TerraformResourceInstance.Source = .configuration, mode: TerraformResourceInstance.Mode = .managed,
        key: TerraformResourceInstance.InstanceKey? = nil
    ) throws -> TerraformResourceInstance {
        var attributes = try self.attributes(json)
        attributes.location = block
        return TerraformResourceInstance(
            mode: mode, type: type, name: name, key: key, attributes: attributes, location: block,
            provider: String(type.prefix { $0 != "_" }), providerMajorVersion: major, source: source)
    }

    /// The one resource `instances` map to.
    static func resource(_ instances: TerraformResourceInstance...) throws -> Resource {
        let result = try mapping.resources(from: instances)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.resources.first)
    }

}

extension Resource {
    /// The value at a dotted path of the body (`properties.networkAcls.defaultAction`), nil when absent.
    func value(at path: String) -> Value? {
        var current: Value? = body
        for key in path.split(separator: ".") {
            if let index = Int(key) {
                guard let elements = current?.elements, index < elements.count else { return nil }
                current = elements[index]
            } else {
                current = current?[member: String(key)]
            }
        }
        return current
    }

    /// The compact JSON text at a path, or "absent".
    func text(at path: String) -> String { value(at: path)?.displayText ?? "absent" }
}
