import BicepSyntax
import LocatedJSON
import SourceModel

/// The template a module declaration deploys, once found.
enum ResolvedModule: Sendable {
    /// A compiled `.bicep` child or a verbatim ARM JSON child (local or from the registry folder).
    case template(TemplateValue)
    /// A registry or template-spec reference with nothing restored for it: the deployment is written with a
    /// `templateLink` naming the reference instead of a `template`.
    case unknown(reference: String)
}

extension TemplateValue {
    /// A JSON document as template values, each with the position it has in the JSON file (an empty range there).
    /// Fails on a fractional number, which a template value cannot hold.
    init(json: JSONValue) throws(JSONFraction) {
        let range = SourceRange(start: json.position, end: json.position, startOffset: 0, endOffset: 0)
        switch json.kind {
        case .null: self.init(.null, range: range)
        case .bool(let value): self.init(.bool(value), range: range)
        case .integer(let value): self.init(.integer(value), range: range)
        case .double(let value):
            guard value.rounded() == value, let integer = Int64(exactly: value) else { throw JSONFraction(position: json.position) }
            self.init(.integer(integer), range: range)
        case .string(let value): self.init(.string(value), range: range)
        case .array(let items):
            var values: [TemplateValue] = []
            for item in items { values.append(try TemplateValue(json: item)) }
            self.init(.array(values), range: range)
        case .object(let members):
            var values: [TemplateMember] = []
            for member in members {
                let keyRange = SourceRange(start: member.keyPosition, end: member.keyPosition, startOffset: 0, endOffset: 0)
                values.append(TemplateMember(key: member.key, value: try TemplateValue(json: member.value), range: keyRange))
            }
            self.init(.object(values), range: range)
        }
    }
}

/// A fractional number in an ARM JSON module, which ``TemplateValue`` has no kind for.
struct JSONFraction: Error, Sendable {
    var position: SourcePosition
}
