import LocatedJSON
import PostureModel
import Yams

/// A thin view over a composed Yams node that knows its file, for located errors and conversion to values.
struct YAMLNode {
    let node: Node
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    var mapping: [(key: String, value: YAMLNode, keyLocation: SourceLocation)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { pair in
            let key = YAMLNode(node: pair.key, file: file)
            return (pair.key.string ?? "", YAMLNode(node: pair.value, file: file), key.location)
        }
    }

    var sequence: [YAMLNode]? {
        guard case .sequence(let sequence) = node else { return nil }
        return sequence.map { YAMLNode(node: $0, file: file) }
    }

    var string: String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    /// The value under `key` in a mapping, found without copying the mapping.
    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let mapping) = node else { return nil }
        for pair in mapping {
            if case .scalar(let scalar) = pair.key, scalar.string == key { return YAMLNode(node: pair.value, file: file) }
        }
        return nil
    }

    /// A list of strings, also accepting a single string.
    func strings() -> [String]? {
        if let single = string { return [single] }
        guard let sequence else { return nil }
        let strings = sequence.compactMap(\.string)
        return strings.count == sequence.count ? strings : nil
    }

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
