import Foundation
import HCLSyntax
import TerraformModel

extension ExpressionEvaluator {
    func evaluateCall(
        _ nameParts: [String], _ argumentExpressions: [HCLExpression], expandsFinalArgument: Bool, of expression: HCLExpression
    ) -> TerraformValue {
        let name = nameParts.joined(separator: "::")
        switch name {
        case "can": return evaluateCan(argumentExpressions, of: expression)
        case "try": return evaluateTry(argumentExpressions, of: expression)
        default: break
        }
        var arguments = argumentExpressions.map { evaluate($0) }
        if expandsFinalArgument, let last = arguments.popLast(), let lastExpression = argumentExpressions.last {
            if last.isUnknown { return unknown(expression, from: last) }
            guard let elements = last.elements else {
                return failure(
                    .terraformInvalidExpression, "'...' expands a list, set or tuple, got \(last.typeName)", at: lastExpression)
            }
            arguments += elements
        }
        if name == "templatefile" { return evaluateTemplateFile(arguments, of: expression) }
        if name == "templatestring" { return evaluateTemplateString(arguments, of: expression) }
        var callContext = context
        callContext.location = expression.range.location
        do {
            return try functions.call(name, arguments, context: callContext).locating(missingAt: expression.range.location)
        } catch .unknownFunction where nameParts.count == 3 && nameParts[0] == "provider" && nameParts[1] != "terraform" {
            sink.report(
                .terraformProviderFunction, .warning, at: expression.range,
                "\(name)() is defined by the \(nameParts[1]) provider, which computes it; its result is unknown here")
            return .unknown(expression.sourceText, reason: "a provider-defined function", at: expression.range.location)
        } catch .unknownFunction {
            return failure(
                .terraformUnknownFunction,
                "there is no function named \"\(name)\"" + (nameParts.count > 1 ? " (provider functions come from the provider)" : ""),
                at: expression)
        } catch {
            return failure(.terraformInvalidExpression, error.description, at: expression)
        }
    }

    /// `can(expression)`: whether the expression evaluates without an error; unknown while it is unknown.
    private func evaluateCan(_ arguments: [HCLExpression], of expression: HCLExpression) -> TerraformValue {
        guard arguments.count == 1 else {
            return failure(.terraformInvalidExpression, "can() takes one argument, got \(arguments.count)", at: expression)
        }
        var isolated = self
        isolated.sink = DiagnosticSink()
        let value = isolated.evaluate(arguments[0])
        if isolated.sink.errorCount > 0 { return .bool(false, at: expression.range.location) }
        if value.isUnknown { return unknown(expression, from: value) }
        return .bool(true, at: expression.range.location)
    }

    /// `try(a, b, ...)`: the first argument that evaluates without an error.
    private func evaluateTry(_ arguments: [HCLExpression], of expression: HCLExpression) -> TerraformValue {
        guard !arguments.isEmpty else {
            return failure(.terraformInvalidExpression, "try() needs at least one argument", at: expression)
        }
        var lastError = ""
        for argument in arguments {
            var isolated = self
            isolated.sink = DiagnosticSink()
            let value = isolated.evaluate(argument)
            if isolated.sink.errorCount == 0 { return value }
            lastError = isolated.sink.diagnostics.first { $0.severity == .error }?.message ?? ""
        }
        return failure(.terraformInvalidExpression, "no argument of try() could be evaluated; the last: \(lastError)", at: expression)
    }

    /// How many levels of nesting one `templatefile()` counts for.
    static let templateFileDepth = 10

    /// `templatefile(path, vars)`: the file read as a template, rendered with only `vars` in scope.
    private func evaluateTemplateFile(_ arguments: [TerraformValue], of expression: HCLExpression) -> TerraformValue {
        guard arguments.count == 2 else {
            return failure(
                .terraformInvalidExpression, "templatefile() takes a path and an object of variables, got \(arguments.count) arguments",
                at: expression)
        }
        let (pathValue, variables) = (arguments[0], arguments[1])
        if pathValue.isUnknown || variables.isUnknown { return unknown(expression, from: pathValue, variables) }
        guard let path = pathValue.stringValue else {
            return failure(.terraformInvalidExpression, "templatefile() needs a path string, got \(pathValue.typeName)", at: expression)
        }
        guard variables.isNull || variables.members != nil else {
            return failure(
                .terraformInvalidExpression, "templatefile() needs an object of variables, got \(variables.typeName)", at: expression)
        }
        let file = path.hasPrefix("/") ? path : context.rootDirectory + "/" + path
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            return failure(.terraformInvalidExpression, "templatefile(): no readable UTF-8 file at \(path)", at: expression)
        }
        noteFileRead?(file)
        return render(HCLTemplate.parse(text, file: file), variables: variables, of: expression)
    }

    /// `templatestring(ref, vars)` (Terraform 1.9): a string, read as a template, rendered with only `vars` in scope.
    private func evaluateTemplateString(_ arguments: [TerraformValue], of expression: HCLExpression) -> TerraformValue {
        guard arguments.count == 2 else {
            return failure(
                .terraformInvalidExpression,
                "templatestring() takes a template string and an object of variables, got \(arguments.count) arguments", at: expression)
        }
        let (template, variables) = (arguments[0], arguments[1])
        if template.isUnknown || variables.isUnknown { return unknown(expression, from: template, variables) }
        guard let text = template.stringValue else {
            return failure(.terraformInvalidExpression, "templatestring() needs a string, got \(template.typeName)", at: expression)
        }
        guard variables.isNull || variables.members != nil else {
            return failure(
                .terraformInvalidExpression, "templatestring() needs an object of variables, got \(variables.typeName)", at: expression)
        }
        let parsed = HCLTemplate.parse(text, file: expression.range.file, origin: expression.range.start)
        return render(parsed, variables: variables, of: expression).sensitive(if: template.isSensitive)
    }

    /// A parsed template rendered with only `variables` in scope, as `templatefile` and `templatestring` render.
    private func render(
        _ parsed: (template: HCLTemplate, errors: [HCLSyntaxError]), variables: TerraformValue, of expression: HCLExpression
    ) -> TerraformValue {
        for error in parsed.errors { sink.report(error.diagnostic) }
        guard parsed.errors.isEmpty else {
            return .unknown(expression.sourceText, reason: "not evaluated: the template has syntax errors")
        }
        var scoped = ExpressionEvaluator(
            bindings: variables.members ?? [:], references: nil, functions: functions, context: context, sink: sink,
            budget: budget)
        // A template may call templatefile() on itself: each file counts as many levels, so that such a loop ends.
        scoped.depth = depth + Self.templateFileDepth
        scoped.noteFileRead = noteFileRead
        let whole = HCLExpression(.template(parsed.template), range: expression.range)
        let value = scoped.evaluate(whole)
        return value.asString.map { TerraformValue.string($0, at: expression.range.location).sensitive(if: value.isSensitive) }
            ?? value
    }
}
