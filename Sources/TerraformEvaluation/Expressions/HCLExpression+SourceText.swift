import HCLSyntax
import TerraformModel

extension HCLExpression {
    /// The expression written back as HCL, for the `expression` of an unknown: `azurerm_key_vault.kv.id`,
    /// `var.location`. Long parts are shortened.
    var sourceText: String {
        let text = written
        return text.count > 200 ? String(text.prefix(197)) + "..." : text
    }

    private var written: String {
        switch kind {
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .template(let template): return "\"" + template.written + "\""
        case .variable(let name): return name
        case .functionCall(let name, let arguments, let expands):
            return name.joined(separator: "::") + "(" + arguments.map(\.written).joined(separator: ", ") + (expands ? "...)" : ")")
        case .tuple(let elements): return "[" + elements.map(\.written).joined(separator: ", ") + "]"
        case .object(let items):
            return "{" + items.map { "\($0.key.written) = \($0.value.written)" }.joined(separator: ", ") + "}"
        case .unary(let op, let operand): return op.rawValue + operand.written
        case .binary(let op, let left, let right): return "\(left.written) \(op.rawValue) \(right.written)"
        case .conditional(let condition, let whenTrue, let whenFalse):
            return "\(condition.written) ? \(whenTrue.written) : \(whenFalse.written)"
        case .index(let base, let key, let isLegacy): return isLegacy ? "\(base.written).\(key.written)" : "\(base.written)[\(key.written)]"
        case .attributeAccess(let base, let name): return "\(base.written).\(name)"
        case .splat(let source, let isFull, let each): return source.written + (isFull ? "[*]" : ".*") + each.written
        case .splatItem: return ""
        case .forExpression(let forExpression):
            let variables = (forExpression.keyVariable.map { $0.text + ", " } ?? "") + forExpression.valueVariable.text
            let body =
                (forExpression.key.map { $0.written + " => " } ?? "") + forExpression.value.written
                + (forExpression.isGrouping ? "..." : "") + (forExpression.condition.map { " if " + $0.written } ?? "")
            let (open, close) = forExpression.isObject ? ("{", "}") : ("[", "]")
            return "\(open)for \(variables) in \(forExpression.collection.written) : \(body)\(close)"
        case .parenthesized(let inner): return "(" + inner.written + ")"
        case .invalid: return "(invalid)"
        }
    }
}

extension HCLTemplate {
    fileprivate var written: String {
        parts.map { part in
            switch part {
            case .literal(let text, _): text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
            case .interpolation(let expression, _): "${" + expression.sourceText + "}"
            case .ifDirective(let condition, _, _, _): "%{if " + condition.sourceText + "}...%{endif}"
            case .forDirective(_, let value, let collection, _, _): "%{for \(value.text) in \(collection.sourceText)}...%{endfor}"
            }
        }.joined()
    }
}
