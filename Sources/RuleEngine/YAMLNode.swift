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

    subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key == key }?.value
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
            if scalar.style == .plain {
                if node.null != nil { return Value(.null, location: here) }
                if let flag = node.bool { return Value(.bool(flag), location: here) }
                if let number = node.int { return Value(.integer(Int64(number)), location: here) }
                if let number = node.float { return Value(.double(number), location: here) }
            }
            return Value(.string(scalar.string), location: here)
        case .sequence:
            return Value(.array(sequence!.map { $0.value() }), location: here)
        case .mapping:
            return Value(.object(mapping!.map { Value.Member(key: $0.key, value: $0.value.value()) }), location: here)
        case .alias:
            // `Yams.compose` dereferences aliases (its default strategy), so an alias never reaches here.
            return Value(.null, location: here)
        }
    }
}
