import HCLSyntax
import PostureModel
import TerraformModel

/// The instances a `resource`, `data` or `module` block stands for, from its `count` or `for_each`, and the
/// names each instance binds (`count.index`, `each.key`, `each.value`).
struct InstanceExpansion {
    enum Kind {
        case single
        /// `count`: the reference is a tuple.
        case counted
        /// `for_each`: the reference is an object keyed like the instances.
        case keyed
        /// `count` or `for_each` not known before apply: one instance stands for all of them.
        case unknown(Unknown)
    }

    struct Instance {
        var key: TerraformResourceInstance.InstanceKey?
        var bindings: [String: TerraformValue]
        /// Why the unwritten attributes of `each.value` are unknown, when `for_each` iterates over resources.
        var computedReason: String?
    }

    var kind: Kind
    var instances: [Instance]

    static let single = InstanceExpansion(kind: .single, instances: [Instance(key: nil, bindings: [:])])

    /// The expansion of `block`, its `count` and `for_each` evaluated by `evaluator`. A value Terraform would refuse
    /// is reported, and the block is kept as one instance of unknown key rather than dropped.
    static func of(_ block: HCLBlock, evaluator: ExpressionEvaluator) -> InstanceExpansion {
        let count = block.body.attribute("count")
        let forEach = block.body.attribute("for_each")
        if let count, forEach != nil {
            return invalid("a block can't have both count and for_each", at: count.name.range, evaluator)
        }
        if let count { return counted(count, evaluator) }
        if let forEach { return keyed(forEach, evaluator) }
        return .single
    }

    private static func counted(_ attribute: HCLAttribute, _ evaluator: ExpressionEvaluator) -> InstanceExpansion {
        let value = evaluator.evaluate(attribute.value)
        if case .unknown(let unknown) = value.kind { return unknownInstances(unknown) }
        guard let number = value.asNumber, number == number.rounded(), number >= 0, let total = Int(exactly: number) else {
            let found = value.isNull ? "null" : value.isSensitive ? "a sensitive value" : value.rendered
            return invalid("count needs a whole number 0 or more, got \(found)", at: attribute.value.range, evaluator)
        }
        let limit = limited(total, at: attribute.value.range, evaluator)
        let instances = (0..<limit).map { index in
            Instance(key: .index(index), bindings: ["count": .object(["index": .number(Double(index))])])
        }
        return InstanceExpansion(kind: .counted, instances: instances)
    }

    private static func keyed(_ attribute: HCLAttribute, _ evaluator: ExpressionEvaluator) -> InstanceExpansion {
        let traversed = evaluator.traverse(attribute.value)
        let value = traversed.value.located(attribute.value)
        if case .unknown(let unknown) = value.kind { return unknownInstances(unknown) }
        var pairs: [(String, TerraformValue)] = []
        switch value.kind {
        case .map(let members), .object(let members):
            pairs = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) }
        case .set(let elements):
            for element in elements {
                if case .unknown(let unknown) = element.kind { return unknownInstances(unknown) }
                guard let text = element.stringValue else {
                    return invalid(
                        "for_each over a set needs strings, got a set holding a \(element.typeName)", at: attribute.value.range,
                        evaluator)
                }
                pairs.append((text, element))
            }
        case .list, .tuple:
            return invalid(
                "for_each takes a map or a set of strings, got a \(value.typeName); convert it with toset() or a for expression",
                at: attribute.value.range, evaluator)
        default:
            let found = value.isNull ? "null" : "a \(value.typeName)"
            return invalid("for_each takes a map or a set of strings, got \(found)", at: attribute.value.range, evaluator)
        }
        let limit = limited(pairs.count, at: attribute.value.range, evaluator)
        let instances = pairs.prefix(limit).map { key, member in
            Instance(
                key: .key(key), bindings: ["each": .object(["key": .string(key), "value": member])],
                computedReason: traversed.computedReason)
        }
        return InstanceExpansion(kind: .keyed, instances: Array(instances))
    }

    private static func unknownInstances(_ unknown: Unknown) -> InstanceExpansion {
        let bindings: [String: TerraformValue] = [
            "count": .object(["index": .unknown("count.index", reason: unknown.reason)]),
            "each": .object([
                "key": .unknown("each.key", reason: unknown.reason), "value": .unknown("each.value", reason: unknown.reason),
            ]),
        ]
        return InstanceExpansion(kind: .unknown(unknown), instances: [Instance(key: .unknown(unknown), bindings: bindings)])
    }

    private static func invalid(_ message: String, at range: HCLSourceRange, _ evaluator: ExpressionEvaluator) -> InstanceExpansion {
        evaluator.sink.report(.terraformInvalidBlock, at: range, message)
        return unknownInstances(Unknown(expression: "(invalid)", reason: "not evaluated: \(message)"))
    }

    static func limited(_ total: Int, at range: HCLSourceRange, _ evaluator: ExpressionEvaluator) -> Int {
        guard total > EvaluationSession.maximumInstances else { return total }
        evaluator.sink.report(
            .terraformTooManyInstances, at: range,
            "\(total) instances; only the first \(EvaluationSession.maximumInstances) are evaluated")
        return EvaluationSession.maximumInstances
    }
}
