import PostureModel

/// JSON as Newtonsoft.Json writes it with `Formatting.None` (no spaces), the form ARM uses when an array or
/// object becomes text in `format()` and `dataUri()`. Nil where the exact text is not modelled: floating-point
/// numbers (Newtonsoft's "R" rendering), unusual control characters, and unknown values.
enum CompactJSON {
    static func text(_ value: Value) -> String? {
        switch value.kind {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .double: return nil
        case .string(let text): return quoted(text)
        case .unknown: return nil
        case .array(let elements):
            var parts: [String] = []
            for element in elements {
                guard let part = text(element) else { return nil }
                parts.append(part)
            }
            return "[" + parts.joined(separator: ",") + "]"
        case .object(let members):
            var parts: [String] = []
            for member in members {
                guard let key = quoted(member.key), let part = text(member.value) else { return nil }
                parts.append(key + ":" + part)
            }
            return "{" + parts.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal with Newtonsoft's default escaping: quote, backslash and the short control escapes.
    static func quoted(_ text: String) -> String? {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                // Other control characters and U+0085/U+2028/U+2029 get \u escapes whose exact form is not modelled.
                if scalar.value < 0x20 || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 { return nil }
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
