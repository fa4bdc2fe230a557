public import SourceModel
public import Yams

/// A composed YAML node that knows its file, so every value read from it has a location for diagnostics.
/// Rule files, rule parameters, the control catalog and the gateway configuration all read YAML through it.
public struct YAMLNode {
    public let node: Node
    public let file: String

    public init(node: Node, file: String) {
        self.node = node
        self.file = file
    }

    /// Where the node starts (1:1 when Yams kept no mark).
    public var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// The members of a mapping in document order, with where each key is; nil for other nodes.
    public var mapping: [(key: String, value: YAMLNode, keyLocation: SourceLocation)]? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.map { pair in
            let key = YAMLNode(node: pair.key, file: file)
            return (pair.key.string ?? "", YAMLNode(node: pair.value, file: file), key.location)
        }
    }

    /// The items of a sequence; nil for other nodes.
    public var sequence: [YAMLNode]? {
        guard case .sequence(let sequence) = node else { return nil }
        return sequence.map { YAMLNode(node: $0, file: file) }
    }

    /// A scalar's text; nil for mappings and sequences.
    public var string: String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    public var isScalar: Bool { node.scalar != nil }

    /// The value under `key` in a mapping, found without copying the mapping.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let mapping) = node else { return nil }
        for pair in mapping {
            if case .scalar(let scalar) = pair.key, scalar.string == key { return YAMLNode(node: pair.value, file: file) }
        }
        return nil
    }

    /// A list of strings, also accepting a single string; nil when any item is not a scalar.
    public func strings() -> [String]? {
        if let single = string { return [single] }
        guard let sequence else { return nil }
        let strings = sequence.compactMap(\.string)
        return strings.count == sequence.count ? strings : nil
    }
}
