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
}
