import BicepSyntax
import SourceModel
import Testing

/// Parses `text` as a template (or a parameters file) and records every syntax error as a test issue.
func parseClean(_ text: String, kind: SyntaxTree.FileKind = .template, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    -> SyntaxTree
{
    let tree = SyntaxTree(parsing: text, file: kind == .template ? "main.bicep" : "main.bicepparam", kind: kind)
    #expect(tree.errors.isEmpty, "\(tree.diagnostics.map(\.description))", sourceLocation: sourceLocation)
    return tree
}

/// The value of `var x = <source>`, parsed without errors.
func expression(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Expression {
    let tree = parseClean("var x = \(source)\n", sourceLocation: sourceLocation)
    guard case .variable(let variable)? = tree.declarations.first?.kind else {
        Issue.record("no variable declaration", sourceLocation: sourceLocation)
        let origin = SourcePosition(line: 1, column: 1)
        return Expression(.invalid, range: SourceRange(start: origin, end: origin, startOffset: 0, endOffset: 0))
    }
    return variable.value
}

/// The type of `type t = <source>`, parsed without errors.
func typeExpression(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> TypeExpression? {
    let tree = parseClean("type t = \(source)\n", sourceLocation: sourceLocation)
    guard case .type(_, let type)? = tree.declarations.first?.kind else { return nil }
    return type
}

/// A compact, fully parenthesised rendering of an expression, so that tests can state a tree's shape in one line:
/// `(+ a (* b c))`, `(call f a b)`, `(. a b)`, `(.? a b)`, `([] a 0)`, `(?: c t f)`, `'text${x}'`.
func render(_ expression: Expression) -> String {
    switch expression.kind {
    case .integer(let value): return "\(value)"
    case .boolean(let value): return "\(value)"
    case .null: return "null"
    case .string(let string): return render(string)
    case .variable(let identifier): return identifier.name
    case .call(let call):
        let name = call.base.map { "\(render($0)).\(call.name.name)" } ?? call.name.name
        return "(call \(([name] + call.arguments.map(render)).joined(separator: " ")))"
    case .property(let base, let name, let isSafe): return "(\(isSafe ? ".?" : ".") \(render(base)) \(name.name))"
    case .index(let base, let index, let isSafe, let isFromEnd):
        return "(\(isSafe ? "[?]" : "[]")\(isFromEnd ? "^" : "") \(render(base)) \(render(index)))"
    case .resourceAccess(let base, let name): return "(:: \(render(base)) \(name.name))"
    case .nonNullAssertion(let base): return "(! \(render(base)))"
    case .unary(let op, let operand): return "(\(op.rawValue)u \(render(operand)))"
    case .binary(let op, let left, let right): return "(\(op.rawValue) \(render(left)) \(render(right)))"
    case .ternary(let condition, let then, let otherwise): return "(?: \(render(condition)) \(render(then)) \(render(otherwise)))"
    case .lambda(let lambda): return "(=> (\(lambda.parameters.map(\.name).joined(separator: " "))) \(render(lambda.body)))"
    case .array(let items): return "[" + items.map(render).joined(separator: " ") + "]"
    case .object(let object): return render(object)
    case .forLoop(let loop):
        let variables = loop.index.map { "(\(loop.item.name) \($0.name))" } ?? loop.item.name
        let condition = loop.condition.map { " if \(render($0))" } ?? ""
        return "(for \(variables) \(render(loop.source))\(condition) \(render(loop.body)))"
    case .parenthesized(let inner): return "(paren \(render(inner)))"
    case .invalid: return "<invalid>"
    }
}

func render(_ item: ArrayItem) -> String {
    switch item {
    case .element(let expression): render(expression)
    case .spread(let spread): "...\(render(spread.expression))"
    }
}

func render(_ object: ObjectLiteral) -> String {
    let items = object.items.map { item -> String in
        switch item {
        case .property(let property): "\(property.key.name ?? "<interpolated>"):\(render(property.value))"
        case .spread(let spread): "...\(render(spread.expression))"
        case .resource(let declaration): "resource \(declaration.name?.name ?? "?")"
        }
    }
    return "{" + items.joined(separator: " ") + "}"
}

func render(_ string: StringLiteral) -> String {
    var text = "'" + string.segments[0]
    for (index, interpolation) in string.interpolations.enumerated() {
        text += "${\(render(interpolation))}" + string.segments[index + 1]
    }
    return text + "'"
}

func render(_ type: TypeExpression) -> String {
    switch type.kind {
    case .name(let identifier): return identifier.name
    case .string(let string): return render(string)
    case .integer(let value): return "\(value)"
    case .boolean(let value): return "\(value)"
    case .null: return "null"
    case .unary(let op, let operand): return "\(op.rawValue)\(render(operand))"
    case .union(let members): return "(| \(members.map(render).joined(separator: " ")))"
    case .array(let element): return "\(render(element))[]"
    case .tuple(let items): return "[" + items.map { render($0.type) }.joined(separator: ", ") + "]"
    case .object(let members):
        let rendered = members.map { member -> String in
            let key =
                switch member.key {
                case .identifier(let identifier): identifier.name
                case .string(let string): render(string)
                case .additionalProperties: "*"
                }
            let decorators = member.decorators.map { "@\($0.name ?? "?") " }.joined()
            return "\(decorators)\(key): \(render(member.type))"
        }
        return "{" + rendered.joined(separator: ", ") + "}"
    case .nullable(let inner): return "\(render(inner))?"
    case .nonNullable(let inner): return "\(render(inner))!"
    case .parenthesized(let inner): return "(\(render(inner)))"
    case .parameterized(let base, let name, let arguments):
        let prefix = base.map { "\(render($0))." } ?? ""
        return "\(prefix)\(name.name)<\(arguments.map(render).joined(separator: ", "))>"
    case .property(let base, let name): return "\(render(base)).\(name.name)"
    case .additionalProperties(let base): return "\(render(base)).*"
    case .items(let base): return "\(render(base))[*]"
    case .index(let base, let index): return "\(render(base))[\(render(index))]"
    case .resource(let string): return "resource" + (string.map { " " + render($0) } ?? "")
    case .invalid: return "<invalid>"
    }
}
