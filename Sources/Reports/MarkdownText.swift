/// Values made inert in GitHub-flavoured Markdown: table pipes, code backticks, emphasis and link brackets escaped with
/// a backslash, `<`, `>` and `&` as entities (no raw HTML), line breaks as spaces, and long values shortened.
enum MarkdownText {
    static func escape(_ text: String, limit: Int = 300) -> String {
        var escaped = ""
        escaped.reserveCapacity(min(text.utf8.count, limit) + 16)
        var count = 0
        for character in text {
            if count == limit {
                escaped += "…"
                break
            }
            count += 1
            switch character {
            case "|", "`", "*", "_", "[", "]", "\\", "#", "~": escaped += "\\" + String(character)
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\n", "\r", "\r\n", "\t": escaped += " "
            default:
                if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                    escaped += " "
                } else {
                    escaped.append(character)
                }
            }
        }
        return escaped
    }

    /// A link target, only for http(s) addresses, with the characters that would end it percent-encoded; nil otherwise.
    static func url(_ text: String) -> String? {
        guard text.hasPrefix("https://") || text.hasPrefix("http://") else { return nil }
        var encoded = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ": encoded += "%20"
            case "(": encoded += "%28"
            case ")": encoded += "%29"
            case "<": encoded += "%3C"
            case ">": encoded += "%3E"
            case "\"": encoded += "%22"
            case "|": encoded += "%7C"
            default:
                if scalar.value < 0x21 || scalar.value == 0x7F { return nil }
                encoded.unicodeScalars.append(scalar)
            }
        }
        return encoded
    }
}
