import HCLSyntax
import TerraformModel

extension ExpressionEvaluator {
    /// A name, attribute access, index or splat element, keeping whether the value came from a resource (whose
    /// unwritten attributes are computed).
    func traverse(_ expression: HCLExpression) -> Traversed {
        switch expression.kind {
        case .variable(let name):
            if let value = bindings[name] { return Traversed(value: value, computedReason: computedBindings[name]) }
            if let resolved = references?.resolve([name], at: expression.range) { return resolved }
            return Traversed(
                value: failure(.terraformUnsupportedAttribute, "there is no name \"\(name)\" in this scope", at: expression),
                computedReason: nil)
        case .attributeAccess(let base, let name):
            if let path = referencePath(expression), let resolved = references?.resolve(path, at: expression.range) {
                return resolved
            }
            return attribute(name, of: traverse(base), at: expression)
        case .index(let base, let key, _):
            return index(traverse(base), by: evaluate(key), at: expression)
        case .splatItem:
            return splatItem ?? Traversed(value: .null, computedReason: nil)
        case .parenthesized(let inner):
            return traverse(inner)
        default:
            return Traversed(value: evaluate(expression), computedReason: nil)
        }
    }

    /// `local.x`, `module.a`, `data.t.n` and `type.name` as name paths, when their root is not a bound name: the
    /// references the module resolves.
    private func referencePath(_ expression: HCLExpression) -> [String]? {
        guard case .attributeAccess(let base, let name) = expression.kind else { return nil }
        switch base.kind {
        case .variable(let root) where bindings[root] == nil:
            return root == "data" ? nil : [root, name]
        case .attributeAccess(let inner, let type):
            guard case .variable("data") = inner.kind, bindings["data"] == nil else { return nil }
            return ["data", type, name]
        default:
            return nil
        }
    }

    func attribute(_ name: String, of base: Traversed, at expression: HCLExpression) -> Traversed {
        let value = base.value
        switch value.kind {
        case .unknown:
            return Traversed(value: unknown(expression, from: value), computedReason: base.computedReason)
        case .null:
            return Traversed(
                value: failure(
                    .terraformUnsupportedAttribute, "attempt to get attribute \"\(name)\" from a null value", at: expression),
                computedReason: nil)
        case .object(let members), .map(let members):
            if let member = members[name] {
                return Traversed(value: member.sensitive(if: value.isSensitive), computedReason: base.computedReason)
            }
            if let reason = base.computedReason ?? value.unwrittenAttributesReason {
                return Traversed(
                    value: .unknown(expression.sourceText, reason: reason, at: expression.range.location), computedReason: reason)
            }
            if case .attributeAccess(let base, _) = expression.kind, case .variable("var") = base.kind, bindings["var"] != nil {
                let message = "there is no variable named \"\(name)\" in this module; declare it with a variable block"
                sink.report(
                    .terraformUndeclaredReference, .warning, at: expression.range,
                    message + " (Terraform refuses this; the scan goes on with the value unknown)")
                return Traversed(
                    value: .unknown(expression.sourceText, reason: "not declared: \(message)", at: expression.range.location),
                    computedReason: nil)
            }
            let known = members.keys.sorted().prefix(12).joined(separator: ", ")
            return Traversed(
                value: failure(
                    .terraformUnsupportedAttribute,
                    "this \(value.typeName) has no attribute \"\(name)\"" + (known.isEmpty ? "" : " (it has: \(known))"),
                    at: expression),
                computedReason: nil)
        default:
            return Traversed(
                value: failure(
                    .terraformUnsupportedAttribute,
                    "can't read attribute \"\(name)\" of a \(value.typeName); only objects and maps have attributes"
                        + (value.elements != nil ? " (use [*].\(name) for every element)" : ""),
                    at: expression),
                computedReason: nil)
        }
    }

    func index(_ base: Traversed, by key: TerraformValue, at expression: HCLExpression) -> Traversed {
        let value = base.value
        if value.isUnknown || key.isUnknown {
            return Traversed(value: unknown(expression, from: value, key), computedReason: base.computedReason)
        }
        func fail(_ message: String) -> Traversed {
            Traversed(value: failure(.terraformUnsupportedAttribute, message, at: expression), computedReason: nil)
        }
        switch value.kind {
        case .null:
            return fail("attempt to index a null value")
        case .list(let elements), .tuple(let elements):
            guard let number = key.asNumber, number == number.rounded(), let position = Int(exactly: number) else {
                return fail("a \(value.typeName) index must be a whole number, got \(key.rendered)")
            }
            guard elements.indices.contains(position) else {
                return fail("the index \(position) is out of range: the \(value.typeName) has \(elements.count) elements")
            }
            return Traversed(value: elements[position].sensitive(if: value.isSensitive), computedReason: base.computedReason)
        case .map(let members), .object(let members):
            guard let name = key.asString else { return fail("a \(value.typeName) key must be a string, got \(key.typeName)") }
            if let member = members[name] {
                return Traversed(value: member.sensitive(if: value.isSensitive), computedReason: base.computedReason)
            }
            if let reason = base.computedReason ?? value.unwrittenAttributesReason {
                return Traversed(
                    value: .unknown(expression.sourceText, reason: reason, at: expression.range.location), computedReason: reason)
            }
            return fail("the \(value.typeName) has no element for the key \(key.isSensitive ? "(sensitive value)" : key.rendered)")
        case .set:
            return fail("a set can't be indexed: its elements have no order (convert it with tolist(), or use for)")
        default:
            return fail("a \(value.typeName) can't be indexed")
        }
    }

    /// `source[*].rest` and `source.*.rest`: `rest` applied to every element; null gives an empty tuple and a
    /// single value is taken as a one-element tuple.
    func evaluateSplat(_ source: HCLExpression, each: HCLExpression, of expression: HCLExpression) -> TerraformValue {
        let base = traverse(source)
        let value = base.value
        let elements: [TerraformValue]
        var isList = false
        switch value.kind {
        case .unknown: return unknown(expression, from: value)
        case .null: return .tuple([], at: expression.range.location)
        case .list(let items), .set(let items):
            elements = items
            isList = true
        case .tuple(let items): elements = items
        default: elements = [value]
        }
        let results = elements.map { element -> TerraformValue in
            var inner = self
            inner.splatItem = Traversed(value: element, computedReason: base.computedReason)
            return inner.evaluate(each)
        }
        return TerraformValue(isList ? .list(results) : .tuple(results), location: expression.range.location)
    }
}
