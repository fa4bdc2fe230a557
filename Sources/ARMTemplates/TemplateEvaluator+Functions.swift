import SourceModel
import Foundation
import LocatedJSON
import PostureModel

extension TemplateEvaluator {
    /// Dispatches one call: functions that need their arguments unevaluated or the deployment state first,
    /// then the pure functions of ``FunctionLibrary``.
    func call(_ name: String, _ arguments: [Expression], in context: Context) -> Value {
        let function = name.lowercased()
        switch function {
        case "if": return conditional(arguments, in: context)
        case "coalesce": return coalesce(arguments, in: context)
        case "parameters": return lookup(arguments, in: context, kind: "parameter")
        case "variables": return lookup(arguments, in: context, kind: "variable")
        case "lambdavariables": return lambdaVariable(arguments, in: context)
        case "filter", "map", "reduce", "sort", "groupby", "mapvalues", "toobject":
            return bounded(lambdaFunction(function, name, arguments, in: context), "the result of \(name)() is", in: context)
        case "lambda":
            return invalid("lambda", "to be passed to filter, map, reduce, sort, groupBy, mapValues or toObject", in: context)
        default: break
        }
        if function.contains(".") {
            return bounded(userFunction(name, arguments, in: context), "the result of \(name)() is", in: context)
        }
        let values = arguments.map { evaluate($0, in: context) }
        if let result = deploymentFunction(function, name, values, in: context) { return result }
        switch function {
        case "copyindex": return copyIndex(values, in: context)
        case "fail":
            let message = values.first.map { $0.stringValue ?? $0.displayText } ?? "fail() was called"
            report(Diagnostic(.invalidTemplate, at: context.location, "the template called fail(): \(message)"))
            return context.unknown("the template called fail()")
        default: break
        }
        guard let implementation = FunctionLibrary.pure[function] else {
            report(Diagnostic(.invalidExpression, .warning, at: context.location, "unknown template function '\(name)' in \(context.text)"))
            return context.unknown("\(name)() is not a template function")
        }
        if let unknown = values.lazy.compactMap(\.unknown).first {
            return context.unknown(unknown.reason)
        }
        if let refused = refusingOversizedArguments(values, of: name, in: context) { return refused }
        do {
            let result = try implementation(Arguments(function: name, values: values))
            if let unknown = result.unknown { return context.unknown(unknown.reason) }
            // Measured before it is located: locating copies the value, and a value built by sharing one part
            // many times is small in memory until copied.
            let checked = bounded(result, "the result of \(name)() is", in: context)
            if checked.isUnknown { return checked }
            return result.locating(missingAt: context.location)
        } catch let error where error.exceedsLimit {
            session.reportAlways(Diagnostic(.invalidTemplate, at: context.location, "\(error.message) in \(context.text)"))
            return context.unknown("\(name)() would build a value past the size limit")
        } catch {
            report(Diagnostic(.invalidExpression, .warning, at: context.location, "\(error.message) in \(context.text)"))
            return context.unknown("\(name)() failed: \(error.message)")
        }
    }

    func invalid(_ function: String, _ expected: String, in context: Context) -> Value {
        report(Diagnostic(.invalidExpression, .warning, at: context.location, "\(function)() expected \(expected) in \(context.text)"))
        return context.unknown("\(function)() was given invalid arguments")
    }

    /// `if()` evaluates only the branch taken, as ARM does, so a `fail()` in the other never fires. With an
    /// unknown condition both branches are evaluated for their values, their problems dropped, and the result
    /// is known only if both agree.
    private func conditional(_ arguments: [Expression], in context: Context) -> Value {
        guard arguments.count == 3 else { return invalid("if", "three arguments", in: context) }
        let condition = evaluate(arguments[0], in: context)
        // ARM reads a null condition as false (Azure Verified Modules pass null for unset nullable flags).
        if condition.isNull { return evaluate(arguments[2], in: context) }
        if let flag = condition.boolValue {
            return evaluate(arguments[flag ? 1 : 2], in: context)
        }
        guard let unknown = condition.unknown else { return invalid("if", "a boolean condition", in: context) }
        let (whenTrue, whenFalse) = session.withoutReporting {
            (evaluate(arguments[1], in: context), evaluate(arguments[2], in: context))
        }
        if !whenTrue.containsUnknown, ValueSemantics.equal(whenTrue, whenFalse) { return whenTrue }
        return context.unknown(unknown.reason)
    }

    private func lookup(_ arguments: [Expression], in context: Context, kind: String) -> Value {
        guard arguments.count == 1 else { return invalid("\(kind)s", "one name", in: context) }
        let nameValue = evaluate(arguments[0], in: context)
        if let unknown = nameValue.unknown { return context.unknown(unknown.reason) }
        guard let name = nameValue.stringValue else { return invalid("\(kind)s", "a string name", in: context) }
        if kind == "parameter", let frame = functionParameters.last {
            if let value = frame[name.lowercased()] { return value }
            return invalid(
                "parameters", "one of the function's own parameters (\(frame.keys.sorted().joined(separator: ", ")))", in: context)
        }
        let found =
            kind == "parameter"
            ? scope.parameter(name) { [self] in
                checkedDefault(boundedDefinition(evaluate($0), kind: kind, name: name, in: context), of: name)
            }
            : scope.variable(name) { [self] in
                boundedDefinition(evaluate($0), kind: kind, name: name, in: context)
            } evaluateCopy: {
                [self] loop in
                boundedDefinition(
                    propertyCopies([loop], at: loop.position, bindsUnnamed: true).first?.value ?? .null, kind: kind, name: name, in: context
                )
            }
        switch found {
        case .value(let value):
            if let unknown = value.unknown { return Value(.unknown(unknown), location: context.location) }
            return value
        case .undeclared:
            report(
                Diagnostic(
                    .invalidExpression, .warning, at: context.location,
                    "\(kind) '\(name)' is not declared in the template; Azure would reject this deployment"))
            return context.unknown("\(kind) '\(name)' is not declared")
        case .cycle:
            report(Diagnostic(.invalidExpression, .warning, at: context.location, "\(kind) '\(name)' refers to itself"))
            return context.unknown("\(kind) '\(name)' refers to itself")
        }
    }

    /// The first argument that is not null; unknown as soon as an unknown comes before any non-null value.
    /// Arguments after the first non-null one are not evaluated: Azure Verified Modules rely on that, putting
    /// expressions that only work for other inputs (`tryGet()` of a string) after a value that is present.
    private func coalesce(_ arguments: [Expression], in context: Context) -> Value {
        for argument in arguments {
            let value = evaluate(argument, in: context)
            if let unknown = value.unknown { return context.unknown(unknown.reason) }
            if !value.isNull { return value }
        }
        return Value(.null, location: context.location)
    }

    /// `namespace.function(...)` from the template's `functions` section: its output, evaluated with only
    /// the function's own parameters in scope.
    private func userFunction(_ name: String, _ arguments: [Expression], in context: Context) -> Value {
        guard let definition = scope.function(name) else {
            report(
                Diagnostic(
                    .invalidExpression, .warning, at: context.location,
                    "user-defined function '\(name)' is not declared in the template's 'functions'"))
            return context.unknown("\(name)() is not declared")
        }
        let values = arguments.map { evaluate($0, in: context) }
        guard values.count == definition.parameters.count else {
            return invalid(name, "\(definition.parameters.count) argument(s)", in: context)
        }
        var frame: [String: Value] = [:]
        for (parameter, value) in zip(definition.parameters, values) { frame[parameter.lowercased()] = value }
        functionParameters.append(frame)
        defer { functionParameters.removeLast() }
        let result = evaluate(definition.output)
        if let unknown = result.unknown { return context.unknown(unknown.reason) }
        return result
    }
}
