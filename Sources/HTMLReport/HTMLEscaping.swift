/// Escaping for the places an input's text lands in the report: HTML text, attribute values, and JSON read by the
/// report's script. Every value from inputs, rules and scans goes through one of these.
enum HTMLEscaping {
    /// `text` for HTML text content or a double-quoted attribute value: `&`, `<`, `>`, `"` and `'` become
    /// character references, so no value can open a tag, end an attribute or start an entity.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A JSON string literal (with its quotes) safe inside `<script type="application/json">`: besides JSON's own
    /// escapes, `<`, `>`, `&` and U+2028/U+2029 are written as `\uXXXX`, so `</script>` or `<!--` cannot appear.
    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        escaped.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}": escaped += unicodeEscape(scalar.value)
            case _ where scalar.value < 0x20: escaped += unicodeEscape(scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// A hyperlink target only when it is an absolute `http:` or `https:` URL; anything else (`javascript:`, a
    /// relative path, `data:`) is shown as text rather than linked.
    static func linkTarget(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"),
            !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\"" || $0 == "<" || $0 == ">" })
        else { return nil }
        return text
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
