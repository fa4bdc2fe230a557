import HCLSyntax
import TerraformModel

/// The functions of the built-in `terraform` provider: `provider::terraform::encode_expr` and `encode_tfvars` write
/// values as `hclwrite` writes them (then `terraform fmt` aligns `=`); `decode_tfvars` reads `.tfvars` text.
enum TerraformProviderFunctions {
    static func encodeExpr(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(HCLText.expression(arguments[0], indent: 0))
    }

    static func encodeTfvars(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let value = arguments[0]
        guard !value.isNull else { throw arguments.invalid(0, "cannot encode a null value in tfvars syntax") }
        guard let members = value.members else {
            throw arguments.invalid(
                0, "invalid value to encode: must be an object whose attribute names will become the encoded variable names")
        }
        for key in members.keys where !HCLText.isIdentifier(key) {
            throw arguments.invalid(
                0,
                "invalid variable name \(JSONText.quoted(key)): must be a valid identifier, per Terraform's rules for input variable declarations"
            )
        }
        return .string(HCLText.attributes(members, indent: 0))
    }
}

/// HCL native syntax for values.
enum HCLText {
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isIDStart || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isIDContinue || $0 == "-" || $0 == "_" }
    }

    /// An expression for the value; objects and maps span lines, indented from `indent`.
    static func expression(_ value: TerraformValue, indent: Int) -> String {
        switch value.kind {
        case .null, .unknown: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return NumberText.plain(number)
        case .string(let text): return quoted(text)
        case .list(let elements), .set(let elements), .tuple(let elements):
            return "[" + elements.map { expression($0, indent: indent) }.joined(separator: ", ") + "]"
        case .map(let members), .object(let members):
            guard !members.isEmpty else { return "{}" }
            let pad = String(repeating: " ", count: indent)
            return "{\n" + attributes(members, indent: indent + 2) + pad + "}"
        }
    }

    /// `key = value` lines in key order; consecutive one-line attributes have their `=` aligned, as `terraform fmt`
    /// aligns them, and an attribute that spans lines ends the run.
    static func attributes(_ members: [String: TerraformValue], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
        let lines = keys.map { key -> (name: String, value: String) in
            (isIdentifier(key) ? key : quoted(key), expression(members[key] ?? .null, indent: indent))
        }
        var output = ""
        var index = 0
        while index < lines.count {
            guard !lines[index].value.contains("\n") else {
                output += pad + lines[index].name + " = " + lines[index].value + "\n"
                index += 1
                continue
            }
            var end = index
            while end < lines.count, !lines[end].value.contains("\n") { end += 1 }
            let width = lines[index..<end].map(\.name.count).max() ?? 0
            for line in lines[index..<end] {
                output += pad + line.name + String(repeating: " ", count: width - line.name.count) + " = " + line.value + "\n"
            }
            index = end
        }
        return output
    }

    /// A quoted string as `hclwrite` escapes it: `${` and `%{` doubled so they stay literal.
    static func quoted(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = "\""
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "$", "%":
                output.unicodeScalars.append(scalar)
                if index + 1 < scalars.count, scalars[index + 1] == "{" { output.unicodeScalars.append(scalar) }
            default:
                let category = scalar.properties.generalCategory
                let unprintable: Set<Unicode.GeneralCategory> = [
                    .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
                ]
                // Go's `unicode.IsPrint`: no control or format characters, and no space but U+0020.
                guard unprintable.contains(category) || (category == .spaceSeparator && scalar != " ") else {
                    output.unicodeScalars.append(scalar)
                    continue
                }
                let hex = String(scalar.value, radix: 16)
                output +=
                    scalar.value < 0x10000
                    ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return output + "\""
    }
}

extension TerraformProviderFunctions {
    /// `provider::terraform::decode_tfvars`: the attributes of `.tfvars` text, read as Terraform reads the file (no
    /// variables, no functions).
    static func decodeTfvars(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let file = HCLFile(parsing: try arguments.string(0), file: "<decode_tfvars argument>")
        if let error = file.errors.first {
            throw arguments.failed("invalid tfvars syntax: \(error.range.start.line):\(error.range.start.column): \(error.message)")
        }
        if let block = file.body.blocks.first {
            throw arguments.failed(
                "invalid tfvars content: \(block.range.start.line):\(block.range.start.column): Unexpected block; Blocks are not allowed here."
            )
        }
        var members: [String: TerraformValue] = [:]
        for attribute in file.body.attributes {
            do { members[attribute.name.text] = try ConstantExpression.value(attribute.value) } catch {
                throw arguments.failed("invalid expression for variable \(JSONText.quoted(attribute.name.text)): \(error.message)")
            }
        }
        return .object(members)
    }
}
