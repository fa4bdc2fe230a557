public import LocatedJSON
public import PostureModel
import SourceModel

extension Value {
    /// Converts a positioned JSON value from `file` into a located value.
    public init(json: JSONValue, file: String) {
        let location = SourceLocation(file: file, position: json.position)
        switch json.kind {
        case .null: self.init(.null, location: location)
        case .bool(let value): self.init(.bool(value), location: location)
        case .integer(let value): self.init(.integer(value), location: location)
        case .double(let value): self.init(.double(value), location: location)
        case .string(let value): self.init(.string(value), location: location)
        case .array(let elements):
            self.init(.array(elements.map { Value(json: $0, file: file) }), location: location)
        case .object(let members):
            self.init(.object(members.map { Member(key: $0.key, value: Value(json: $0.value, file: file)) }), location: location)
        }
    }
}
