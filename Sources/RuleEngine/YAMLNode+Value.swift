import LocatedYAML
import PostureModel
import Yams

/// YAML as rules and rule parameters see it: located values, typed by the YAML 1.2 core schema.
extension YAMLNode {
    /// The node as a located value, with YAML scalars typed as the core schema resolves them.
    func value() -> Value {
        let here = location
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return Value(.string(scalar.string), location: here) }
            return Value(Self.coreSchemaKind(scalar.string), location: here)
        case .sequence:
            return Value(.array(sequence!.map { $0.value() }), location: here)
        case .mapping:
            return Value(.object(mapping!.map { Value.Member(key: $0.key, value: $0.value.value()) }), location: here)
        case .alias:
            // `Yams.compose` dereferences aliases (its default strategy), so an alias never reaches here.
            return Value(.null, location: here)
        }
    }

    /// Types a plain scalar by the YAML 1.2 core schema: null, true/false, integers, floats; everything else,
    /// `yes`, `on` and `Disabled` included, is a string. Stricter than YAML 1.1, and so never surprising.
    static func coreSchemaKind(_ text: String) -> Value.Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string(text) }
        if let number = Int64(text) { return .integer(number) }
        if text.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) { return .string(text) }
        if let number = Double(text) { return .double(number) }
        return .string(text)
    }
}
