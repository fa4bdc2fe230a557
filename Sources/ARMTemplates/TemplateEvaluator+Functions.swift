import Foundation
import LocatedJSON
import PostureModel

extension TemplateEvaluator {
    /// Functions whose value exists only at deployment time: their results are unknown, never guessed.
    static let deploymentTimeFunctions: [String: String] = [
        "reference": "reference() reads the deployed resource",
        "references": "references() reads deployed resources",
        "resourcegroup": "resourceGroup() is known only at deployment",
        "subscription": "subscription() is known only at deployment",
        "tenant": "tenant() is known only at deployment",
        "managementgroup": "managementGroup() is known only at deployment",
        "deployment": "deployment() is known only at deployment",
        "environment": "environment() is known only at deployment",
        "newguid": "newGuid() is random at deployment",
        "utcnow": "utcNow() is the deployment time",
        "uniquestring": "uniqueString() hashes deployment-time ids",
        "guid": "guid() hashes deployment-time ids",
        "pickzones": "pickZones() depends on the region's zones",
        "providers": "providers() reads the provider registry",
        "copyindex": "copy loops are not expanded by this version of Bulwark",
    ]

    func call(_ name: String, _ arguments: [Expression], in context: Context) -> Value {
        let function = name.lowercased()
        // Lazy functions see their arguments unevaluated.
        switch function {
        case "if": return conditional(arguments, in: context)
        case "parameters": return lookup(arguments, in: context, kind: "parameter", resolve: scope.parameter)
        case "variables": return lookup(arguments, in: context, kind: "variable", resolve: scope.variable)
        default: break
        }
        if let reason = Self.deploymentTimeFunctions[function] {
            return context.unknown(reason)
        }
        if function.hasPrefix("list") {
            return context.unknown("\(name)() reads secrets or state at deployment")
        }
        let values = arguments.map { evaluate($0, in: context) }
        switch function {
        case "coalesce": return coalesce(values, in: context)
        // Resource ids stay comparable when a name is unknown: the unknown part is kept symbolically.
        case "resourceid": return resourceID(values, scope: ResourceID.deploymentResourceGroup, in: context)
        case "subscriptionresourceid": return resourceID(values, scope: ResourceID.deploymentSubscription, in: context)
        case "tenantresourceid": return resourceID(values, scope: "", in: context)
        case "extensionresourceid":
            guard let scopeID = values.first.flatMap(Self.symbolicText) else { return invalid(name, "a resource id first", in: context) }
            return resourceID(Array(values.dropFirst()), scope: scopeID, explicitScope: true, in: context)
        default: break
        }
        guard let implementation = FunctionLibrary.pure[function] else {
            return context.unknown("\(name)() is not evaluated by this version of Bulwark")
        }
        if let unknown = values.lazy.compactMap(\.unknown).first {
            return context.unknown(unknown.reason)
        }
        do {
            let result = try implementation(Arguments(function: name, values: values))
            if let unknown = result.unknown { return context.unknown(unknown.reason) }
            return result.locating(missingAt: context.location)
        } catch {
            report(InputProblem(.invalidExpression, .warning, at: context.location, "\(error.message) in \(context.text)"))
            return context.unknown("\(name)() failed: \(error.message)")
        }
    }

    private func invalid(_ function: String, _ expected: String, in context: Context) -> Value {
        report(InputProblem(.invalidExpression, .warning, at: context.location, "\(function)() expected \(expected) in \(context.text)"))
        return context.unknown("\(function)() was given invalid arguments")
    }


    private func conditional(_ arguments: [Expression], in context: Context) -> Value {
        guard arguments.count == 3 else { return invalid("if", "three arguments", in: context) }
        let condition = evaluate(arguments[0], in: context)
        if let flag = condition.boolValue {
            return evaluate(arguments[flag ? 1 : 2], in: context)
        }
        if condition.isUnknown {
            // Both branches are computed for their values; only an identical result is known.
            let whenTrue = evaluate(arguments[1], in: context)
            let whenFalse = evaluate(arguments[2], in: context)
            if !whenTrue.containsUnknown, ValueSemantics.equal(whenTrue, whenFalse) { return whenTrue }
            return context.unknown(condition.unknown!.reason)
        }
        return invalid("if", "a boolean condition", in: context)
    }

    private func lookup(
        _ arguments: [Expression], in context: Context, kind: String,
        resolve: (String, (JSONValue) -> Value) -> TemplateScope.Lookup
    ) -> Value {
        guard arguments.count == 1 else { return invalid("\(kind)s", "one name", in: context) }
        let nameValue = evaluate(arguments[0], in: context)
        if let unknown = nameValue.unknown { return context.unknown(unknown.reason) }
        guard let name = nameValue.stringValue else { return invalid("\(kind)s", "a string name", in: context) }
        switch resolve(name, evaluate) {
        case .value(let value):
            if let unknown = value.unknown { return Value(.unknown(unknown), location: context.location) }
            return value
        case .undeclared:
            report(InputProblem(.invalidExpression, .warning, at: context.location, "\(kind) '\(name)' is not declared in the template; Azure would reject this deployment"))
            return context.unknown("\(kind) '\(name)' is not declared")
        case .cycle:
            report(InputProblem(.invalidExpression, .warning, at: context.location, "\(kind) '\(name)' refers to itself"))
            return context.unknown("\(kind) '\(name)' refers to itself")
        }
    }

    private func coalesce(_ values: [Value], in context: Context) -> Value {
        for value in values {
            if let unknown = value.unknown { return context.unknown(unknown.reason) }
            if !value.isNull { return value }
        }
        return Value(.null, location: context.location)
    }


    /// .NET composite formatting: `{0}`, `{1}`, `{{` and `}}`. Format specifiers (`{0:D2}`) are left unknown.

    private func resourceID(_ values: [Value], scope: String, explicitScope: Bool = false, in context: Context) -> Value {
        let strings = values.compactMap(Self.symbolicText)
        if let unknown = values.lazy.compactMap(\.unknown).first,
           !strings.contains(where: { $0.contains("/") && $0.contains(".") && !$0.hasPrefix("[") }) {
            return context.unknown(unknown.reason)  // the type itself is unknown: nothing symbolic to build
        }
        guard strings.count == values.count,
              let typeIndex = strings.firstIndex(where: { $0.contains("/") && $0.contains(".") }),
              typeIndex <= 2
        else { return invalid("resourceId", "[subscriptionId], [resourceGroupName], resourceType, resourceName...", in: context) }
        var resolvedScope = scope
        if !explicitScope {
            switch typeIndex {
            case 1: resolvedScope = "/subscriptions/{subscription}/resourceGroups/\(strings[0])"
            case 2: resolvedScope = "/subscriptions/\(strings[0])/resourceGroups/\(strings[1])"
            default: break
            }
        }
        let type = ResourceType(strings[typeIndex])
        let names = Array(strings[(typeIndex + 1)...])
        guard names.count == type.segments.count else {
            return invalid("resourceId", "\(type.segments.count) name segment(s) for \(type)", in: context)
        }
        return Value(.string(ResourceID.make(scope: resolvedScope, type: type, names: names)), location: context.location)
    }

    /// A string, or an unknown written as its canonical expression: how unknown parts appear inside ids.
    static func symbolicText(_ value: Value) -> String? {
        value.stringValue ?? value.unknown?.expression
    }
}
