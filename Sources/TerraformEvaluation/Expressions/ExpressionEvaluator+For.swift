import HCLSyntax
import TerraformModel

extension ExpressionEvaluator {
    /// The key and value of each element of a collection, in Terraform's order: lists and tuples by index, sets in
    /// set order with the element as its own key, maps and objects by key.
    static func iteration(of collection: TerraformValue) -> [(key: TerraformValue, value: TerraformValue)]? {
        switch collection.kind {
        case .list(let elements), .tuple(let elements):
            return elements.enumerated().map { (TerraformValue.number(Double($0.offset)), $0.element) }
        case .set(let elements):
            return elements.map { ($0, $0) }
        case .map(let members), .object(let members):
            return members.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }.map {
                (TerraformValue.string($0.key), $0.value)
            }
        default:
            return nil
        }
    }

    /// `[for k, v in c : value if condition]` and `{for k, v in c : key => value... if condition}`.
    func evaluateFor(_ forExpression: HCLForExpression, of expression: HCLExpression) -> TerraformValue {
        let traversed = traverse(forExpression.collection)
        let collection = traversed.value.located(forExpression.collection)
        if collection.isUnknown { return unknown(expression, from: collection) }
        if collection.isNull {
            return failure(.terraformInvalidExpression, "a for expression can't iterate over null", at: forExpression.collection)
        }
        guard let iteration = Self.iteration(of: collection) else {
            return failure(
                .terraformInvalidExpression,
                "a for expression iterates over a list, set, tuple, map or object, got \(collection.typeName)",
                at: forExpression.collection)
        }
        var elements: [TerraformValue] = []
        var members: [String: TerraformValue] = [:]
        var groups: [String: [TerraformValue]] = [:]
        var unknownPart: TerraformValue?
        for (key, value) in iteration {
            if budget.isExhausted {
                return unknown(expression, from: .unknown("", reason: "not evaluated: the evaluation budget is spent"))
            }
            var inner = self.binding(
                forExpression.valueVariable.text, to: value.sensitive(if: collection.isSensitive), computedReason: traversed.computedReason)
            if let keyVariable = forExpression.keyVariable { inner = inner.binding(keyVariable.text, to: key) }
            var keptIf: TerraformValue?
            if let condition = forExpression.condition {
                let test = inner.evaluate(condition)
                // An object's member whose `if` is unknown (the `{for k, v in {...} : k => v if v != null}` idiom over
                // a value known only after apply) is kept, its value unknown unless it already is: rules then see the
                // other members, where Terraform's answer for the whole object would be unknown. A list's element
                // cannot be kept that way (it would move the ones after it), so the list is unknown.
                if test.isUnknown, forExpression.isObject, !forExpression.isGrouping {
                    keptIf = test
                } else if test.isUnknown {
                    unknownPart = unknownPart ?? test
                    continue
                } else {
                    guard let flag = test.asBool else {
                        return failure(
                            .terraformInvalidExpression, "a for expression's if needs a bool, got \(test.typeName)", at: condition)
                    }
                    if !flag { continue }
                }
            }
            var element = inner.evaluate(forExpression.value)
            if let keptIf, !element.isUnknown {
                element = .unknown(
                    forExpression.value.sourceText, reason: "kept only if its condition holds (\(keptIf.unknownReason ?? "unknown"))",
                    at: forExpression.value.range.location)
            }
            guard let keyExpression = forExpression.key else {
                elements.append(element)
                continue
            }
            let keyValue = inner.evaluate(keyExpression)
            if keyValue.isUnknown {
                unknownPart = unknownPart ?? keyValue
                continue
            }
            guard let name = keyValue.asString else {
                return failure(
                    .terraformInvalidExpression, "a for expression's key must be a string, got \(keyValue.typeName)",
                    at: keyExpression)
            }
            if forExpression.isGrouping {
                groups[name, default: []].append(element)
            } else if members[name] != nil {
                return failure(
                    .terraformInvalidExpression,
                    "two elements have the key \"\(name)\"; add '...' after the value to group them", at: keyExpression)
            } else {
                members[name] = element
            }
        }
        if let unknownPart { return unknown(expression, from: unknownPart) }
        let location = expression.range.location
        guard forExpression.isObject else { return .tuple(elements, at: location) }
        if forExpression.isGrouping { return .object(groups.mapValues { .tuple($0, at: location) }, at: location) }
        return .object(members, at: location)
    }
}
