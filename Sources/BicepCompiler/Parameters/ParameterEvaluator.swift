import BicepSyntax
import SourceModel

/// Folds a `.bicepparam` file's values to JSON.
struct ParameterEvaluator {
    let tree: SyntaxTree
    let reader: BicepFileReader
    private var variables: [String: Expression] = [:]
    private var evaluating: Set<String> = []
    private var diagnostics: [Diagnostic] = []

    init(tree: SyntaxTree, reader: BicepFileReader) {
        self.tree = tree
        self.reader = reader
    }

    var file: String { tree.file }

    mutating func compile() -> BicepParametersCompilation {
        var templatePath: String?
        var assignments: [(Identifier, Expression)] = []
        for declaration in tree.declarations {
            switch declaration.kind {
            case .using(let using):
                guard let literal = using.path else { continue }
                guard let relative = literal.value else {
                    report(.invalidBicep, literal.range, "expected a 'using' path without interpolation")
                    continue
                }
                let resolved = BicepPath.resolve(relative, from: file)
                templatePath = resolved
                if relative.hasPrefix("br:") || relative.hasPrefix("br/") || relative.hasPrefix("ts:") { continue }
                if reader.read(resolved) == nil {
                    report(.moduleNotFound, literal.range, "expected the template '\(relative)' named by 'using', found none (\(resolved))")
                }
            case .variable(let variable): variables[variable.name.name] = variable.value
            case .parameterAssignment(let name, let value): assignments.append((name, value))
            case .compileTimeImport, .function, .type, .extends:
                report(
                    .unsupportedBicep, declaration.range, "not supported yet: imports, functions, types and 'extends' in a .bicepparam file"
                )
            default: break
            }
        }
        var members: [TemplateMember] = []
        for (name, expression) in assignments {
            do throws(CompileFailure) {
                let wrapped: TemplateValue
                if let reference = try keyVaultReference(expression) {
                    wrapped = reference
                } else {
                    let folded = try evaluate(expression)
                    wrapped = TemplateValue(
                        .object([TemplateMember(key: "value", value: folded, range: expression.range)]), range: expression.range)
                }
                members.append(TemplateMember(key: name.name, value: wrapped, range: name.range))
            } catch {
                diagnostics.append(error.diagnostic)
            }
        }
        let range = TemplateEmitter.fileRange
        let parameters = TemplateValue(
            .object([
                TemplateMember(
                    key: "$schema",
                    value: TemplateValue(
                        .string("https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"), range: range),
                    range: range),
                TemplateMember(key: "contentVersion", value: TemplateValue(.string("1.0.0.0"), range: range), range: range),
                TemplateMember(key: "parameters", value: TemplateValue(.object(members), range: range), range: range),
            ]), range: range)
        let failed = diagnostics.contains { $0.severity == .error }
        return BicepParametersCompilation(parameters: failed ? nil : parameters, templatePath: templatePath, diagnostics: diagnostics)
    }

    private mutating func report(_ code: Diagnostic.Code, _ range: SourceRange, _ message: String) {
        diagnostics.append(Diagnostic(code, at: range.location(in: file), message))
    }

    private func unsupported(_ what: String, _ range: SourceRange) -> CompileFailure {
        .unsupported(what + " in a .bicepparam value", at: range, in: file)
    }

    /// The JSON value of a compile-time constant expression.
    mutating func evaluate(_ expression: Expression) throws(CompileFailure) -> TemplateValue {
        let range = expression.range
        switch expression.kind {
        case .integer(let value): return TemplateValue(.integer(Int64(clamping: value)), range: range)
        case .unary(.minus, let operand):
            if case .integer(let value) = operand.kind { return TemplateValue(.integer(-Int64(clamping: value)), range: range) }
            throw unsupported("this operator", range)
        case .boolean(let value): return TemplateValue(.bool(value), range: range)
        case .null: return TemplateValue(.null, range: range)
        case .parenthesized(let inner): return try evaluate(inner)
        case .string(let literal):
            var text = literal.segments.first ?? ""
            for (index, hole) in literal.interpolations.enumerated() {
                text += try Self.text(of: try evaluate(hole), at: hole.range, in: file)
                text += index + 1 < literal.segments.count ? literal.segments[index + 1] : ""
            }
            return TemplateValue(.string(text), range: range)
        case .array(let items):
            var values: [TemplateValue] = []
            for item in items {
                guard case .element(let element) = item else { throw unsupported("spread", range) }
                values.append(try evaluate(element))
            }
            return TemplateValue(.array(values), range: range)
        case .object(let object):
            var members: [TemplateMember] = []
            for item in object.items {
                guard case .property(let property) = item, let key = property.key.name else {
                    throw unsupported("spreads and interpolated keys", range)
                }
                members.append(TemplateMember(key: key, value: try evaluate(property.value), range: property.key.range))
            }
            return TemplateValue(.object(members), range: range)
        case .variable(let identifier):
            guard let value = variables[identifier.name] else {
                throw CompileFailure(
                    diagnostic: Diagnostic(
                        .unknownSymbol, at: identifier.range.location(in: file), "expected a variable, found unknown '\(identifier.name)'"))
            }
            guard evaluating.insert(identifier.name).inserted else {
                throw .invalid("expected variables without a cycle, found '\(identifier.name)' using itself", at: range, in: file)
            }
            defer { evaluating.remove(identifier.name) }
            return try evaluate(value)
        case .call(let call):
            if let loaded = try load(call) { return loaded }
            throw unsupported("the function '\(call.name.name)' (compile-time evaluation is not implemented yet)", range)
        default:
            throw unsupported("this expression (compile-time evaluation is not implemented yet)", range)
        }
    }

    /// How an interpolation hole prints: strings as they are, numbers and booleans as JSON.
    static func text(of value: TemplateValue, at range: SourceRange, in file: String) throws(CompileFailure) -> String {
        switch value.kind {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: throw .unsupported("interpolating an object, array or null in a .bicepparam value", at: range, in: file)
        }
    }

    /// `loadTextContent`, `loadJsonContent` and `loadFileAsBase64`, through the template compiler's folding.
    private func load(_ call: FunctionCall) throws(CompileFailure) -> TemplateValue? {
        let model = SemanticModel(tree: SyntaxTree(parsing: "", file: file, kind: .template))
        return try ExpressionConverter(model: model, reader: reader).load(call, .empty)?.value
    }

    /// `az.getSecret(subscription, resourceGroup, vault, secret, version?)` with literal arguments.
    private mutating func keyVaultReference(_ expression: Expression) throws(CompileFailure) -> TemplateValue? {
        guard case .call(let call) = expression.kind, call.name.name == "getSecret", call.base == nil || call.namespace == "az"
        else { return nil }
        let range = expression.range
        guard (4...5).contains(call.arguments.count) else {
            throw .invalid("expected getSecret(subscriptionId, resourceGroup, vault, secret, version?)", at: range, in: file)
        }
        var texts: [String] = []
        for argument in call.arguments {
            guard case .string(let text) = try evaluate(argument).kind else {
                throw unsupported("a getSecret argument that is not a string", argument.range)
            }
            texts.append(text)
        }
        func string(_ text: String) -> TemplateValue { TemplateValue(.string(text), range: range) }
        let id = "/subscriptions/\(texts[0])/resourceGroups/\(texts[1])/providers/Microsoft.KeyVault/vaults/\(texts[2])"
        var reference = [
            TemplateMember(
                key: "keyVault", value: TemplateValue(.object([TemplateMember(key: "id", value: string(id), range: range)]), range: range),
                range: range),
            TemplateMember(key: "secretName", value: string(texts[3]), range: range),
        ]
        if texts.count == 5 { reference.append(TemplateMember(key: "secretVersion", value: string(texts[4]), range: range)) }
        return TemplateValue(
            .object([TemplateMember(key: "reference", value: TemplateValue(.object(reference), range: range), range: range)]), range: range)
    }
}
