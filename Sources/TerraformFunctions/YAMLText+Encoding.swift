import TerraformModel

/// Writing YAML as go-cty-yaml does on libyaml's emitter.
extension YAMLText {
    /// The value as `yamlencode` writes it; nil when something inside is unknown.
    static func encode(_ value: TerraformValue) -> String? {
        var output = ""
        guard write(value, indent: 0, into: &output, depth: 0) else { return nil }
        return output.hasSuffix("\n") ? output : output + "\n"
    }

    /// Writes a node that starts where the cursor is (after `key: ` or `- `); block collections start on this line.
    private static func write(_ value: TerraformValue, indent: Int, into output: inout String, depth: Int) -> Bool {
        guard depth < 256 else { return false }
        let pad = String(repeating: " ", count: indent)
        switch value.kind {
        case .unknown: return false
        case .null: output += "null\n"
        case .bool(let flag): output += flag ? "true\n" : "false\n"
        case .number(let number): output += NumberText.plain(number) + "\n"
        case .string(let text):
            // libyaml indents a scalar's continuation lines two past its mapping or sequence (two at the root).
            output += scalarText(text, indent: max(indent, 2), column: currentColumn(output)) + "\n"
        case .list(let elements), .set(let elements), .tuple(let elements):
            guard !elements.isEmpty else {
                output += "[]\n"
                return true
            }
            for (index, element) in elements.enumerated() {
                output += (index == 0 ? "" : pad) + "- "
                guard write(element, indent: indent + 2, into: &output, depth: depth + 1) else { return false }
            }
        case .map(let members), .object(let members):
            guard !members.isEmpty else {
                output += "{}\n"
                return true
            }
            for (index, key) in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }).enumerated() {
                guard let member = members[key] else { continue }
                output += (index == 0 ? "" : pad) + doubleQuoted(key, indent: indent, column: 0, allowBreaks: false) + ":"
                if let inner = member.members, !inner.isEmpty {
                    output += "\n" + pad + "  "
                    guard write(member, indent: indent + 2, into: &output, depth: depth + 1) else { return false }
                } else if let inner = member.elements, !inner.isEmpty {
                    // libyaml writes a sequence inside a mapping without indenting it.
                    output += "\n" + pad
                    guard write(member, indent: indent, into: &output, depth: depth + 1) else { return false }
                } else {
                    output += " "
                    guard write(member, indent: indent + 2, into: &output, depth: depth + 1) else { return false }
                }
            }
        }
        return true
    }

    /// The characters written since the last line break.
    private static func currentColumn(_ output: String) -> Int {
        var count = 0
        for scalar in output.unicodeScalars.reversed() {
            if scalar == "\n" { break }
            count += 1
        }
        return count
    }

    /// A literal block when the text has a line break libyaml can keep in one (no unprintable character, no space
    /// before a break, no trailing space), else a double-quoted string.
    private static func scalarText(_ text: String, indent: Int, column: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        let special = scalars.contains { !isPrintable($0) }
        let spaceBreak = zip(scalars, scalars.dropFirst()).contains { $0 == " " && isBreak($1) }
        guard text.contains("\n"), !special, !spaceBreak, scalars.last != " " else {
            return doubleQuoted(text, indent: indent, column: column, allowBreaks: true)
        }
        var header = "|"
        if scalars.first == " " || scalars.first == "\n" { header += "2" }
        if scalars.last != "\n" {
            header += "-"
        } else if scalars.count == 1 || scalars[scalars.count - 2] == "\n" {
            header += "+"
        }
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let pad = String(repeating: " ", count: indent)
        return header + "\n"
            + body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    /// libyaml's `is_printable`: line feed, ASCII text, and the Basic Multilingual Plane from U+00A0 but for
    /// surrogates, U+FEFF, U+FFFE and U+FFFF (characters beyond it are escaped).
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD: scalar.value != 0xFEFF
        default: false
        }
    }

    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
    }

    /// libyaml's double-quoted style: escapes for breaks and what is not printable, and (when `allowBreaks`) text
    /// folded at a space once the line passes column 80; a fold is a line break and `indent` spaces, which YAML
    /// reads back as the one space it replaced.
    private static func doubleQuoted(_ text: String, indent: Int, column start: Int, allowBreaks: Bool) -> String {
        var output = "\""
        var column = start + 1
        let scalars = Array(text.unicodeScalars)
        var previousSpace = false
        for (position, scalar) in scalars.enumerated() {
            if scalar == " " {
                if allowBreaks, !previousSpace, column > 80, position != 0, position != scalars.count - 1 {
                    output += "\n" + String(repeating: " ", count: indent)
                    column = indent
                    if position + 1 < scalars.count, scalars[position + 1] == " " {
                        output += "\\"
                        column += 1
                    }
                } else {
                    output += " "
                    column += 1
                }
                previousSpace = true
                continue
            }
            previousSpace = false
            guard !isPrintable(scalar) || isBreak(scalar) || scalar == "\"" || scalar == "\\" else {
                output.unicodeScalars.append(scalar)
                column += 1
                continue
            }
            let escaped: String
            switch scalar {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "\0": escaped = "\\0"
            case "\u{07}": escaped = "\\a"
            case "\u{08}": escaped = "\\b"
            case "\t": escaped = "\\t"
            case "\n": escaped = "\\n"
            case "\u{0B}": escaped = "\\v"
            case "\u{0C}": escaped = "\\f"
            case "\r": escaped = "\\r"
            case "\u{1B}": escaped = "\\e"
            case "\u{85}": escaped = "\\N"
            case "\u{2028}": escaped = "\\L"
            case "\u{2029}": escaped = "\\P"
            default:
                if scalar.value <= 0xFF {
                    escaped = "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    escaped = "\\u" + hex(scalar.value, width: 4)
                } else {
                    escaped = "\\U" + hex(scalar.value, width: 8)
                }
            }
            output += escaped
            column += escaped.count
        }
        return output + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
