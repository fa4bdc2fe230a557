import HCLSyntax
import PostureModel
import SourceModel
import TerraformModel

/// Resolves the names an expression may reference lazily, because evaluating them may evaluate other parts of the
/// module (`local.x`, `module.a`, `data.t.n`, `azurerm_key_vault.kv`). Returns nil for a root it does not know.
protocol TerraformReferenceResolving: AnyObject {
    func resolve(_ path: [String], at range: HCLSourceRange) -> Traversed?
}

/// Evaluates HCL expressions to Terraform values with Terraform's semantics, in a scope of bound names (`var`,
/// `each`, `count`, `path`, `for` variables) and lazily resolved references. Never throws: a problem is reported
/// to the sink at the expression's position and the expression's value becomes an unknown, so that one mistake
/// gives one diagnostic and the rest is still evaluated.
struct ExpressionEvaluator {
    /// How deep evaluation may nest (templates rendering templates, nested `for` expressions) before it stops.
    static let maximumDepth = 200

    var bindings: [String: TerraformValue]
    /// Bound names whose values come from resources (a `for` over `azurerm_private_endpoint.this`, `each` over
    /// one): why their unwritten attributes are unknown.
    var computedBindings: [String: String] = [:]
    var references: (any TerraformReferenceResolving)?
    let functions: any TerraformFunctionLibrary
    var context: TerraformFunctionContext
    var sink: DiagnosticSink
    let budget: EvaluationBudget
    var depth = 0
    /// Told of every file a function reads (`templatefile()`), for the list of files the secrets scan reads.
    var noteFileRead: ((String) -> Void)?
    /// The element a splat's `each` expression applies to.
    var splatItem: Traversed?

    init(
        bindings: [String: TerraformValue], references: (any TerraformReferenceResolving)?,
        functions: any TerraformFunctionLibrary, context: TerraformFunctionContext, sink: DiagnosticSink,
        budget: EvaluationBudget
    ) {
        self.budget = budget
        self.bindings = bindings
        self.references = references
        self.functions = functions
        self.context = context
        self.sink = sink
    }

    /// The same evaluator with `name` bound to `value`, from a resource when `computedReason` is given.
    func binding(_ name: String, to value: TerraformValue, computedReason: String? = nil) -> ExpressionEvaluator {
        var copy = self
        copy.bindings[name] = value
        copy.computedBindings[name] = computedReason
        return copy
    }

    func evaluate(_ expression: HCLExpression) -> TerraformValue {
        guard budget.spend() else {
            if budget.remaining == -1 {
                sink.report(
                    .terraformTooManyInstances, at: expression.range,
                    "evaluation stopped here after \(EvaluationBudget.defaultSteps) expressions: the configuration multiplies "
                        + "work beyond what a scan evaluates (for expressions nested over large collections?); the rest is unknown")
            }
            return .unknown(expression.sourceText, reason: "not evaluated: the evaluation budget is spent", at: expression.range.location)
        }
        guard depth < Self.maximumDepth else {
            return failure(.terraformInvalidExpression, "expressions nest deeper than \(Self.maximumDepth) levels", at: expression)
        }
        var nested = self
        nested.depth += 1
        return nested.evaluateKind(expression).located(expression)
    }

    private func evaluateKind(_ expression: HCLExpression) -> TerraformValue {
        let location = expression.range.location
        switch expression.kind {
        case .number(let text):
            guard let number = Double(text), number.isFinite else {
                return failure(.terraformInvalidExpression, "the number \(text) is out of range", at: expression)
            }
            return .number(number, at: location)
        case .bool(let flag): return .bool(flag, at: location)
        case .null: return TerraformValue(.null, location: location)
        case .template(let template): return evaluateTemplate(template, of: expression)
        case .variable, .index, .attributeAccess, .splatItem: return traverse(expression).value
        case .splat(let source, _, let each): return evaluateSplat(source, each: each, of: expression)
        case .functionCall(let name, let arguments, let expands):
            return evaluateCall(name, arguments, expandsFinalArgument: expands, of: expression)
        case .tuple(let elements): return .tuple(elements.map { evaluate($0) }, at: location)
        case .object(let items): return evaluateObject(items, of: expression)
        case .unary(let op, let operand): return evaluateUnary(op, operand, of: expression)
        case .binary(let op, let left, let right): return evaluateBinary(op, left, right, of: expression)
        case .conditional(let condition, let whenTrue, let whenFalse):
            return evaluateConditional(condition, whenTrue, whenFalse, of: expression)
        case .forExpression(let forExpression): return evaluateFor(forExpression, of: expression)
        case .parenthesized(let inner): return evaluate(inner)
        case .invalid: return .unknown(expression.sourceText, reason: "not valid syntax", at: location)
        }
    }

    private func evaluateObject(_ items: [HCLObjectItem], of expression: HCLExpression) -> TerraformValue {
        var members: [String: TerraformValue] = [:]
        var unknownKey: TerraformValue?
        for item in items {
            let key: String
            if item.keyIsBareIdentifier, case .variable(let name) = item.key.kind {
                key = name
            } else {
                let keyValue = evaluate(item.key)
                if keyValue.isUnknown {
                    unknownKey = unknownKey ?? keyValue
                    continue
                }
                guard let text = try? keyValue.converted(to: .string).stringValue else {
                    return failure(
                        .terraformInvalidExpression, "an object key must be a string, got \(keyValue.typeName)", at: item.key)
                }
                key = text
            }
            members[key] = evaluate(item.value)
        }
        if let unknownKey, case .unknown(let unknown) = unknownKey.kind {
            return .unknown(expression.sourceText, reason: unknown.reason, at: expression.range.location)
        }
        return .object(members, at: expression.range.location)
    }

    // MARK: Failures and unknowns

    /// Reports an error at `expression` and stands an unknown in for its value.
    func failure(_ code: Diagnostic.Code, _ message: String, at expression: HCLExpression) -> TerraformValue {
        sink.report(code, at: expression.range, message)
        return .unknown(expression.sourceText, reason: "not evaluated: \(message)", at: expression.range.location)
    }

    /// An unknown for `expression`, for the reason the first unknown among `operands` gives.
    func unknown(_ expression: HCLExpression, from operands: TerraformValue...) -> TerraformValue {
        let reason = operands.lazy.compactMap(\.unknownReason).first ?? "known after apply"
        return .unknown(expression.sourceText, reason: reason, at: expression.range.location)
            .sensitive(if: operands.contains { $0.isSensitive })
    }
}

extension TerraformValue {
    /// The value with `expression`'s location if it has none. Only the value itself: what is inside it was located
    /// by the expressions that made it (walking the whole value at every step would be quadratic).
    func located(_ expression: HCLExpression) -> TerraformValue {
        guard location == nil else { return self }
        var copy = self
        copy.location = expression.range.location
        return copy
    }

    /// Why the value, or the first unknown inside it, is unknown.
    var unknownReason: String? {
        switch kind {
        case .unknown(let unknown): unknown.reason
        case .list(let elements), .set(let elements), .tuple(let elements): elements.lazy.compactMap(\.unknownReason).first
        case .map(let members), .object(let members):
            members.sorted { $0.key < $1.key }.lazy.compactMap(\.value.unknownReason).first
        default: nil
        }
    }

    /// The value marked sensitive when `condition` holds.
    func sensitive(if condition: Bool) -> TerraformValue {
        condition ? markedSensitive() : self
    }
}
