import HCLSyntax
import Testing

/// Parses `source` as `test.tf` and expects no error.
func parseClean(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> HCLFile {
    let file = HCLFile(parsing: source, file: "test.tf")
    #expect(file.errors.isEmpty, "\(file.errors.map(\.description))", sourceLocation: sourceLocation)
    return file
}

/// The value of attribute `x` in `x = <source>`.
func expression(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> HCLExpression? {
    parseClean("x = \(source)\n", sourceLocation: sourceLocation).body.attribute("x")?.value
}

/// A compact rendering of an expression's shape, to compare trees in tests: `(a + (b * c))`.
func shape(_ expression: HCLExpression?) -> String {
    guard let expression else { return "<none>" }
    switch expression.kind {
    case .number(let text): return text
    case .bool(let value): return String(value)
    case .null: return "null"
    case .variable(let name): return name
    case .template(let template): return shape(template)
    case .functionCall(let name, let arguments, let expands):
        return name.joined(separator: "::") + "(" + arguments.map(shape).joined(separator: ", ") + (expands ? "..." : "") + ")"
    case .tuple(let elements): return "[" + elements.map(shape).joined(separator: ", ") + "]"
    case .object(let items):
        return "{" + items.map { ($0.keyIsBareIdentifier ? "" : "#") + shape($0.key) + "=" + shape($0.value) }.joined(separator: ", ") + "}"
    case .unary(let op, let operand): return "(\(op.rawValue)\(shape(operand)))"
    case .binary(let op, let left, let right): return "(\(shape(left)) \(op.rawValue) \(shape(right)))"
    case .conditional(let condition, let whenTrue, let whenFalse):
        return "(\(shape(condition)) ? \(shape(whenTrue)) : \(shape(whenFalse)))"
    case .index(let base, let key, let isLegacy): return isLegacy ? "\(shape(base)).\(shape(key))" : "\(shape(base))[\(shape(key))]"
    case .attributeAccess(let base, let name): return "\(shape(base)).\(name)"
    case .splat(let source, let isFull, let each): return "splat\(isFull ? "[*]" : ".*")(\(shape(source)); \(shape(each)))"
    case .splatItem: return "@"
    case .forExpression(let forExpression):
        let variables = (forExpression.keyVariable.map { $0.text + ", " } ?? "") + forExpression.valueVariable.text
        let key = forExpression.key.map { shape($0) + " => " } ?? ""
        let condition = forExpression.condition.map { " if " + shape($0) } ?? ""
        let body =
            "for \(variables) in \(shape(forExpression.collection)) : \(key)\(shape(forExpression.value))"
            + (forExpression.isGrouping ? "..." : "") + condition
        return forExpression.isObject ? "{\(body)}" : "[\(body)]"
    case .parenthesized(let inner): return "(\(shape(inner)))"
    case .invalid: return "<invalid>"
    }
}

func shape(_ template: HCLTemplate) -> String {
    "\"" + template.parts.map(shape).joined() + "\""
}

func shape(_ part: HCLTemplate.Part) -> String {
    switch part {
    case .literal(let text, _): return text
    case .interpolation(let value, _): return "${\(shape(value))}"
    case .ifDirective(let condition, let then, let otherwise, _):
        return "%{if \(shape(condition))}\(shape(then))" + (otherwise.map { "%{else}" + shape($0) } ?? "") + "%{endif}"
    case .forDirective(let key, let value, let collection, let body, _):
        return "%{for \((key.map { $0.text + ", " } ?? "") + value.text) in \(shape(collection))}\(shape(body))%{endfor}"
    }
}

/// The text a template produces when it holds only literals.
func literal(_ expression: HCLExpression?) -> String? {
    guard case .template(let template) = expression?.kind else { return nil }
    return template.literalValue
}
