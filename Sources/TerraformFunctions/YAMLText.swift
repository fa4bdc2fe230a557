import Foundation
import TerraformModel
import Yams

/// YAML as Terraform's `yamldecode` and `yamlencode` (go-cty-yaml on libyaml) read and write it.
///
/// Reading: mappings become objects and sequences tuples; plain scalars resolve as YAML 1.1 does in go-yaml
/// (`yes`/`on` are true, `~` is null, `0x1F` is 31), quoted ones stay strings. Writing: block style, keys sorted,
/// strings double-quoted (a literal block `|` when they hold a line break), numbers in plain decimal.
enum YAMLText {
    struct DecodeError: Error {
        var message: String
    }

    static func decode(_ text: String) throws(DecodeError) -> TerraformValue {
        guard nestingDepth(text) <= maximumDepth else {
            throw DecodeError(message: "YAML nested more than \(maximumDepth) levels deep")
        }
        var documents: [Node] = []
        do {
            var stream = try Yams.compose_all(yaml: text, .basic)
            while let document = stream.next() {
                documents.append(document)
                guard documents.count < 2 else { throw DecodeError(message: "unexpected extra content after value") }
            }
            if let error = stream.error { throw error }
        } catch let error as DecodeError {
            throw error
        } catch {
            throw DecodeError(message: describe(error))
        }
        guard let document = documents.first else { return .null }
        return try value(document, depth: 0)
    }

    static let maximumDepth = 256

    /// How deep flow collections (`[`, `{`) and indentation nest, roughly (quotes aside): a bound checked before
    /// Yams composes nodes recursively.
    private static func nestingDepth(_ text: String) -> Int {
        var depth = 0
        var deepest = 0
        var lineIndent = 0
        var atLineStart = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                (atLineStart, lineIndent) = (true, 0)
                continue
            }
            if atLineStart, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
                lineIndent += 1
                deepest = max(deepest, lineIndent / 2)
                continue
            }
            atLineStart = false
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
                deepest = max(deepest, depth)
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth = max(0, depth - 1)
            }
        }
        return deepest
    }

    /// The problem libyaml found and its line, never the text around it.
    private static func describe(_ error: any Error) -> String {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "on line \(mark.line): \(problem)"
        case .reader(let problem, _, _, _): return problem
        default: return "invalid YAML"
        }
    }

    private static func value(_ node: Node, depth: Int) throws(DecodeError) -> TerraformValue {
        guard depth < 256 else { throw DecodeError(message: "YAML nested too deeply") }
        switch node {
        case .scalar(let scalar): return try self.scalar(scalar)
        case .sequence(let sequence):
            var elements: [TerraformValue] = []
            for element in sequence { elements.append(try value(element, depth: depth + 1)) }
            return .tuple(elements)
        case .mapping(let mapping):
            var members: [String: TerraformValue] = [:]
            var merged: [String: TerraformValue] = [:]
            for (key, element) in mapping {
                let name = key.scalar?.string ?? ""
                if name == "<<", key.scalar?.style == .plain {
                    for source in element.sequence.map(Array.init) ?? [element] {
                        guard case .object(let sourceMembers) = try value(source, depth: depth + 1).kind else {
                            throw DecodeError(message: "map merge requires map or sequence of maps as the value")
                        }
                        merged.merge(sourceMembers) { first, _ in first }
                    }
                    continue
                }
                guard key.scalar != nil else { throw DecodeError(message: "only scalar mapping keys are supported") }
                members[name] = try value(element, depth: depth + 1)
            }
            return .object(members.merging(merged) { own, _ in own })
        case .alias: throw DecodeError(message: "unknown anchor referenced")
        }
    }

    private static func scalar(_ scalar: Node.Scalar) throws(DecodeError) -> TerraformValue {
        let text = scalar.string
        // The tag as written: empty for an untagged plain scalar (resolved below as go-yaml resolves it), `str` for
        // a quoted one.
        let tag = scalar.tag.description
        switch tag {
        case "": return resolvePlain(text)
        case "!": return .string(text)
        case "tag:yaml.org,2002:str": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            let resolved = resolvePlain(text)
            guard resolved.typeName == (tag.hasSuffix("bool") ? "bool" : "number") else {
                throw DecodeError(message: "cannot decode \(JSONText.quoted(text)) as \(tag)")
            }
            return resolved
        case "tag:yaml.org,2002:binary":
            guard let data = Data(base64Encoded: text.filter { !$0.isWhitespace }), let decoded = String(validating: data, as: UTF8.self)
            else { throw DecodeError(message: "cannot decode !!binary value as a UTF-8 string") }
            return .string(decoded)
        default: throw DecodeError(message: "unsupported tag \(JSONText.quoted(tag))")
        }
    }

    /// go-yaml's resolution of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> TerraformValue {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .bool(true)
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .bool(false)
        case "", "~", "null", "Null", "NULL": return .null
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        default: break
        }
        let plain = text.replacing("_", with: "")
        if plain.hasPrefix("0x"), let number = Int(plain.dropFirst(2), radix: 16) { return .number(Double(number)) }
        if plain.hasPrefix("0o"), let number = Int(plain.dropFirst(2), radix: 8) { return .number(Double(number)) }
        if plain.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil,
            let number = Double(plain.hasPrefix("+") ? String(plain.dropFirst()) : plain.hasPrefix(".") ? "0" + plain : plain)
        {
            return .number(number)
        }
        return .string(text)
    }

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
