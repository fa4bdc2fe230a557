import LocatedYAML
import PostureModel
import TerraformModel
import Yams

/// Mapping-file YAML as values: scalars typed by the YAML 1.2 core schema (as the rule files are), each value
/// located in the mapping file.
extension YAMLNode {
    /// The node as an ARM value (for `set` and `absent`).
    func armValue() -> Value {
        switch node {
        case .scalar(let scalar):
            switch Self.scalar(scalar) {
            case .null: return Value(.null, location: location)
            case .bool(let flag): return Value(.bool(flag), location: location)
            case .integer(let number): return Value(.integer(number), location: location)
            case .double(let number): return Value(.double(number), location: location)
            case .string(let text): return Value(.string(text), location: location)
            }
        case .sequence: return Value(.array((sequence ?? []).map { $0.armValue() }), location: location)
        case .mapping:
            return Value(.object((mapping ?? []).map { Value.Member(key: $0.key, value: $0.value.armValue()) }), location: location)
        case .alias: return Value(.null, location: location)
        }
    }

    /// The node as a Terraform value (for provider defaults, which are attribute values before their transform).
    func terraformValue() -> TerraformValue {
        switch node {
        case .scalar(let scalar):
            switch Self.scalar(scalar) {
            case .null: return TerraformValue(.null, location: location)
            case .bool(let flag): return .bool(flag, at: location)
            case .integer(let number): return .number(Double(number), at: location)
            case .double(let number): return .number(number, at: location)
            case .string(let text): return .string(text, at: location)
            }
        case .sequence: return TerraformValue(.list((sequence ?? []).map { $0.terraformValue() }), location: location)
        case .mapping:
            var members: [String: TerraformValue] = [:]
            for entry in mapping ?? [] { members[entry.key] = entry.value.terraformValue() }
            return .object(members, at: location)
        case .alias: return TerraformValue(.null, location: location)
        }
    }

    private enum Scalar {
        case null
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        case string(String)
    }

    /// YAML 1.2 core schema: null, true/false, integers and floats for plain scalars; quoted ones are strings.
    private static func scalar(_ scalar: Node.Scalar) -> Scalar {
        let text = scalar.string
        guard scalar.style == .plain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let number = Int64(text) { return .integer(number) }
        if text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true, !text.contains(where: \.isLetter), let number = Double(text) {
            return .double(number)
        }
        return .string(text)
    }
}
