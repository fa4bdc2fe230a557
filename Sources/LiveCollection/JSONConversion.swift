import LocatedJSON
import PostureModel

extension Value {
    /// The JSON value as a rule sees it, without source locations (a live record has no file to point at).
    init(json: JSONValue) {
        switch json.kind {
        case .null: self.init(.null)
        case .bool(let flag): self.init(.bool(flag))
        case .integer(let number): self.init(.integer(number))
        case .double(let number): self.init(.double(number))
        case .string(let text): self.init(.string(text))
        case .array(let elements): self.init(.array(elements.map { Value(json: $0) }))
        case .object(let members): self.init(.object(members.map { Value.Member(key: $0.key, value: Value(json: $0.value)) }))
        }
    }
}

/// JSON text for the few bodies collection sends.
enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    static func quoted(_ text: String) -> String { Value.jsonQuoted(text) }

    static func array(_ texts: [String]) -> String { "[" + texts.map(quoted).joined(separator: ",") + "]" }
}
