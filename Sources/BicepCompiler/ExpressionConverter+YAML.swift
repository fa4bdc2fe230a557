import LocatedJSON
import SourceModel
import Yams

extension ExpressionConverter {
    /// A YAML document as the JSON value `loadYamlContent` gives: mappings as objects, sequences as arrays, plain
    /// scalars typed by YAML's core schema (null, booleans, integers, floats), every other scalar a string.
    /// - Returns: nil for an empty document.
    /// - Throws: the parser's message, for text that is not YAML.
    static func json(yaml text: String) throws(YAMLReadFailure) -> JSONValue? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return nil }
            return try json(node, depth: 0)
        } catch let failure as YAMLReadFailure {
            throw failure
        } catch {
            throw YAMLReadFailure(message: "\(error)")
        }
    }

    private static func json(_ node: Node, depth: Int) throws(YAMLReadFailure) -> JSONValue {
        guard depth < 256 else { throw YAMLReadFailure(message: "nesting deeper than 256 levels") }
        let position = SourcePosition(line: (node.mark?.line ?? 0) + 1, column: (node.mark?.column ?? 0) + 1)
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return JSONValue(.null, at: position) }
                if let flag = node.bool { return JSONValue(.bool(flag), at: position) }
                if let number = node.int { return JSONValue(.integer(Int64(number)), at: position) }
                if let number = node.float { return JSONValue(.double(number), at: position) }
            }
            return JSONValue(.string(scalar.string), at: position)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try json(item, depth: depth + 1)) }
            return JSONValue(.array(items), at: position)
        case .mapping(let mapping):
            var members: [JSONMember] = []
            for (key, value) in mapping {
                guard let name = key.string else { throw YAMLReadFailure(message: "a mapping key that is not a scalar") }
                members.append(JSONMember(key: name, keyPosition: position, value: try json(value, depth: depth + 1)))
            }
            return JSONValue(.object(members), at: position)
        case .alias:
            throw YAMLReadFailure(message: "an unresolved alias")
        }
    }
}

/// Why a `loadYamlContent` file could not be read as YAML.
struct YAMLReadFailure: Error, Sendable {
    var message: String
}
