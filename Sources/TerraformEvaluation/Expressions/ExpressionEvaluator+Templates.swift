import HCLSyntax
import TerraformModel

extension ExpressionEvaluator {
    /// A template's value: a single interpolation keeps its value's type; anything else is a string.
    func evaluateTemplate(_ template: HCLTemplate, of expression: HCLExpression) -> TerraformValue {
        if template.parts.count == 1, case .interpolation(let inner, _) = template.parts[0] {
            return evaluate(inner)
        }
        var text = ""
        var state = TemplateState()
        render(template, into: &text, state: &state)
        if let unknownPart = state.unknownPart { return unknown(expression, from: unknownPart) }
        if state.failed { return .unknown(expression.sourceText, reason: "not evaluated: an error was reported") }
        return TerraformValue.string(text, at: expression.range.location).sensitive(if: state.isSensitive)
    }

    struct TemplateState {
        var unknownPart: TerraformValue?
        var isSensitive = false
        var failed = false
    }

    private func render(_ template: HCLTemplate, into text: inout String, state: inout TemplateState) {
        for part in template.parts {
            switch part {
            case .literal(let literal, _):
                text += literal
            case .interpolation(let inner, _):
                let value = evaluate(inner)
                state.isSensitive = state.isSensitive || value.isSensitive
                if value.isUnknown {
                    state.unknownPart = state.unknownPart ?? value
                } else if value.isNull {
                    _ = failure(.terraformInvalidExpression, "a template can't interpolate a null value", at: inner)
                    state.failed = true
                } else if let string = value.asString {
                    text += string
                } else {
                    _ = failure(
                        .terraformInvalidExpression,
                        "a template interpolates strings, numbers and bools, got \(value.typeName) (use jsonencode() for a structure)",
                        at: inner)
                    state.failed = true
                }
            case .ifDirective(let condition, let then, let otherwise, _):
                let test = evaluate(condition)
                state.isSensitive = state.isSensitive || test.isSensitive
                if test.isUnknown {
                    state.unknownPart = state.unknownPart ?? test
                } else if let flag = test.asBool {
                    if let branch = flag ? then : otherwise { render(branch, into: &text, state: &state) }
                } else {
                    _ = failure(.terraformInvalidExpression, "%{if} needs a bool, got \(test.typeName)", at: condition)
                    state.failed = true
                }
            case .forDirective(let keyVariable, let valueVariable, let collectionExpression, let body, _):
                let collection = evaluate(collectionExpression)
                if collection.isUnknown {
                    state.unknownPart = state.unknownPart ?? collection
                    continue
                }
                guard let iteration = Self.iteration(of: collection) else {
                    _ = failure(
                        .terraformInvalidExpression, "%{for} iterates over a collection, got \(collection.typeName)",
                        at: collectionExpression)
                    state.failed = true
                    continue
                }
                for (key, value) in iteration {
                    var inner = binding(valueVariable.text, to: value)
                    if let keyVariable { inner = inner.binding(keyVariable.text, to: key) }
                    inner.render(body, into: &text, state: &state)
                }
            }
        }
    }
}
