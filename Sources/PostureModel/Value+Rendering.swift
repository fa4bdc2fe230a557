extension Value {
    /// Compact JSON text for messages and tables. Unknown values render as `<unknown: expression>`.
    public var displayText: String {
        switch kind {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .double(let number): return Value.format(number)
        case .string(let text): return "\"\(Value.escape(text))\""
        case .array(let elements): return "[" + elements.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { "\"\(Value.escape($0.key))\": \($0.value.displayText)" }.joined(separator: ", ") + "}"
        case .unknown(let unknown): return "<unknown: \(unknown.expression)>"
        }
    }

    /// The text of a scalar as a string comparison sees it (strings unquoted), or nil for containers.
    public var scalarText: String? {
        switch kind {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .double(let number): Value.format(number)
        case .null: nil
        default: nil
        }
    }

    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// `text` escaped for the inside of a JSON string literal (quotes, backslash, control characters).
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 {
                    escaped +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// `text` as a JSON string literal, quotes included.
    public static func jsonQuoted(_ text: String) -> String { "\"" + escape(text) + "\"" }
}
