import BicepSyntax

/// Finds the variables whose values read runtime state: a resource's properties beyond `id`, `name`, `type` and
/// `apiVersion`, a whole resource or module, `reference(...)`, `list*(...)`, or another such variable. ARM does not
/// allow `reference` in `variables`, so the compiler writes these values where they are used instead.
struct InlineAnalysis {
    let model: SemanticModel

    func variablesToInline() -> Set<String> {
        var inlined: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for (name, variable) in model.variables where !inlined.contains(name) && isRuntime(variable.value, inlined) {
                inlined.insert(name)
                changed = true
            }
        }
        return inlined
    }

    private static let deployTimeProperties: Set<String> = ["id", "name", "type", "apiVersion"]

    private func isResource(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .variable(let identifier): [.resource, .module].contains(model.symbols[identifier.name]?.kind)
        case .resourceAccess: true
        case .index(let base, _, _, _), .parenthesized(let base), .nonNullAssertion(let base): isResource(base)
        default: false
        }
    }

    private func isRuntime(_ expression: Expression, _ inlined: Set<String>) -> Bool {
        switch expression.kind {
        case .integer, .boolean, .null, .invalid: return false
        case .string(let literal): return literal.interpolations.contains { isRuntime($0, inlined) }
        case .variable(let identifier):
            switch model.symbols[identifier.name]?.kind {
            case .resource?, .module?: return true
            case .variable?: return inlined.contains(identifier.name)
            default: return false
            }
        case .property(let base, let name, _):
            if isResource(base) { return !Self.deployTimeProperties.contains(name.name) }
            return isRuntime(base, inlined)
        case .resourceAccess: return true
        case .index(let base, let index, _, _):
            if isResource(base) { return true }
            return isRuntime(base, inlined) || isRuntime(index, inlined)
        case .call(let call):
            if call.name.name == "nameof", call.base == nil || call.namespace == "sys" { return false }
            let lowered = call.name.name.lowercased()
            if call.base == nil || call.namespace == "az", lowered == "reference" || lowered.hasPrefix("list") { return true }
            if let base = call.base, isResource(base) { return true }
            return call.arguments.contains { isRuntime($0, inlined) } || (call.base.map { isRuntime($0, inlined) } ?? false)
        case .nonNullAssertion(let inner), .parenthesized(let inner), .unary(_, let inner): return isRuntime(inner, inlined)
        case .binary(_, let left, let right): return isRuntime(left, inlined) || isRuntime(right, inlined)
        case .ternary(let condition, let then, let otherwise):
            return isRuntime(condition, inlined) || isRuntime(then, inlined) || isRuntime(otherwise, inlined)
        case .lambda(let lambda): return isRuntime(lambda.body, inlined)
        case .array(let items):
            return items.contains {
                switch $0 {
                case .element(let element): isRuntime(element, inlined)
                case .spread(let spread): isRuntime(spread.expression, inlined)
                }
            }
        case .object(let object):
            return object.items.contains {
                switch $0 {
                case .property(let property): isRuntime(property.value, inlined)
                case .spread(let spread): isRuntime(spread.expression, inlined)
                case .resource: false
                }
            }
        case .forLoop(let loop):
            return isRuntime(loop.source, inlined) || isRuntime(loop.body, inlined)
                || (loop.condition.map { isRuntime($0, inlined) } ?? false)
        }
    }
}
