import Foundation
import TerraformModel

/// `regex`, `regexall` and `replace`. Terraform's patterns are RE2; they run here on ICU (`NSRegularExpression`)
/// after translation: named groups `(?P<name>...)` are numbered by position (ICU names allow no `_`), and `$`
/// outside multi-line mode means the end of the text, as in RE2.
enum RegexFunctions {
    static func regex(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let pattern = try CompiledPattern(try arguments.string(0), arguments)
        let text = try arguments.string(1)
        guard let match = pattern.expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else {
            throw arguments.failed("pattern did not match any part of the given string")
        }
        return pattern.result(of: match, in: text)
    }

    static func regexAll(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let pattern = try CompiledPattern(try arguments.string(0), arguments)
        let text = try arguments.string(1)
        let matches = pattern.expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
        return TerraformValue(.list(matches.map { pattern.result(of: $0, in: text) }))
    }

    /// `replace(text, substr, replacement)`: every occurrence of `substr`, or of the pattern when it is written
    /// `/like this/`, with `$1`, `${1}`, `$name` and `${name}` in the replacement as Go's `Regexp.Expand` reads them.
    static func replace(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let text = try arguments.string(0)
        let target = try arguments.string(1)
        let replacement = try arguments.string(2)
        guard target.utf8.count > 1, target.hasPrefix("/"), target.hasSuffix("/") else {
            return .string(ByteText.replacing(target, with: replacement, in: text))
        }
        let pattern = try CompiledPattern(String(target.dropFirst().dropLast()), arguments)
        var output = ""
        var cursor = text.startIndex
        for match in pattern.expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text) else { continue }
            output += text[cursor..<range.lowerBound]
            output += pattern.expand(replacement, match: match, in: text)
            cursor = range.upperBound
        }
        output += text[cursor...]
        return .string(output)
    }

    /// A pattern compiled for ICU, with the names of its capture groups by position (empty for unnamed ones).
    struct CompiledPattern {
        var expression: NSRegularExpression
        var groupNames: [String]

        init(_ source: String, _ arguments: Arguments) throws(TerraformFunctionError) {
            let (translated, names) = Self.translate(source)
            do { expression = try NSRegularExpression(pattern: translated) } catch {
                throw arguments.invalid(0, "error parsing pattern: invalid regular expression \"\(source)\"")
            }
            groupNames = names
            let named = names.filter { !$0.isEmpty }.count
            if named > 0, named < names.count {
                throw arguments.invalid(0, "invalid regexp pattern: cannot mix both named and unnamed capture groups")
            }
        }

        func result(of match: NSTextCheckingResult, in text: String) -> TerraformValue {
            guard !groupNames.isEmpty else { return .string(group(0, of: match, in: text) ?? "") }
            let captures = (1...groupNames.count).map { index in
                group(index, of: match, in: text).map { TerraformValue.string($0) } ?? .null
            }
            if groupNames.allSatisfy({ $0.isEmpty }) { return .tuple(captures) }
            return .object(Dictionary(zip(groupNames, captures), uniquingKeysWith: { first, _ in first }))
        }

        func group(_ index: Int, of match: NSTextCheckingResult, in text: String) -> String? {
            guard index < match.numberOfRanges, let range = Range(match.range(at: index), in: text) else { return nil }
            return String(text[range])
        }

        /// Go's `Expand`: `$name` takes the longest run of letters, digits and `_`; a name that is not a group is empty.
        func expand(_ template: String, match: NSTextCheckingResult, in text: String) -> String {
            let scalars = Array(template.unicodeScalars)
            var output = ""
            var index = 0
            let isNameScalar = { (scalar: Unicode.Scalar) in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
            }
            while index < scalars.count {
                guard scalars[index] == "$", index + 1 < scalars.count else {
                    output.unicodeScalars.append(scalars[index])
                    index += 1
                    continue
                }
                var name = ""
                var next = index + 1
                if scalars[next] == "$" {
                    output += "$"
                    index += 2
                    continue
                } else if scalars[next] == "{" {
                    next += 1
                    while next < scalars.count, isNameScalar(scalars[next]) {
                        name.unicodeScalars.append(scalars[next])
                        next += 1
                    }
                    guard next < scalars.count, scalars[next] == "}", !name.isEmpty else {
                        output += "$"
                        index += 1
                        continue
                    }
                    next += 1
                } else {
                    while next < scalars.count, isNameScalar(scalars[next]) {
                        name.unicodeScalars.append(scalars[next])
                        next += 1
                    }
                    guard !name.isEmpty else {
                        output += "$"
                        index += 1
                        continue
                    }
                }
                if let number = Int(name) {
                    output += group(number, of: match, in: text) ?? ""
                } else if let position = groupNames.firstIndex(of: name) {
                    output += group(position + 1, of: match, in: text) ?? ""
                }
                index = next
            }
            return output
        }

        /// RE2 to ICU: named groups become plain ones (their names kept by position), `$` becomes `\z` unless the
        /// pattern turns multi-line mode on.
        static func translate(_ source: String) -> (pattern: String, groupNames: [String]) {
            let scalars = Array(source.unicodeScalars)
            let multiLine = source.contains("(?m") || source.range(of: #"\(\?[a-zA-Z]*m"#, options: .regularExpression) != nil
            var output = ""
            var names: [String] = []
            var index = 0
            var inClass = false
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\\", index + 1 < scalars.count {
                    output.unicodeScalars.append(contentsOf: [scalar, scalars[index + 1]])
                    index += 2
                    continue
                }
                if inClass {
                    if scalar == "]" { inClass = false }
                    if scalar == "[", index + 1 < scalars.count, scalars[index + 1] == ":" {
                        // A POSIX class `[:alpha:]` inside a bracket expression.
                        if let close = (index + 2..<scalars.count).first(where: { scalars[$0] == "]" && scalars[$0 - 1] == ":" }) {
                            output.unicodeScalars.append(contentsOf: scalars[index...close])
                            index = close + 1
                            continue
                        }
                    }
                    output.unicodeScalars.append(scalar)
                    index += 1
                    continue
                }
                switch scalar {
                case "[":
                    inClass = true
                    output += "["
                    // A `]` right after `[` or `[^` is a literal.
                    var next = index + 1
                    if next < scalars.count, scalars[next] == "^" {
                        output += "^"
                        next += 1
                    }
                    if next < scalars.count, scalars[next] == "]" {
                        output += "\\]"
                        next += 1
                    }
                    index = next
                    continue
                case "(":
                    if index + 1 < scalars.count, scalars[index + 1] == "?" {
                        let rest = String(String.UnicodeScalarView(scalars[(index + 2)...]))
                        let prefix =
                            rest.hasPrefix("P<") ? 2 : rest.hasPrefix("<") && !rest.hasPrefix("<=") && !rest.hasPrefix("<!") ? 1 : 0
                        if prefix > 0, let close = rest.firstIndex(of: ">") {
                            let name = String(rest[rest.index(rest.startIndex, offsetBy: prefix)..<close])
                            names.append(name)
                            output += "("
                            index += 2 + prefix + name.unicodeScalars.count + 1
                            continue
                        }
                    } else {
                        names.append("")
                    }
                case "$" where !multiLine:
                    output += "\\z"
                    index += 1
                    continue
                default: break
                }
                output.unicodeScalars.append(scalar)
                index += 1
            }
            return (output, names)
        }
    }
}
