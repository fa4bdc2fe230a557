/// Text made safe for XML 1.0 attributes and element content: the five special characters as entities, line breaks
/// in attributes as character references (so they survive attribute normalisation), and characters XML 1.0 cannot
/// hold at all (C0 controls other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF) as `\u{..}`.
enum XMLText {
    static func escape(_ text: String, attribute: Bool = true) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += attribute ? "&quot;" : "\""
            case "'": escaped += attribute ? "&apos;" : "'"
            case "\n": escaped += attribute ? "&#10;" : "\n"
            case "\r": escaped += "&#13;"
            case "\t": escaped += attribute ? "&#9;" : "\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}
