import HCLSyntax
import TerraformModel

/// Evaluates a block's body to an object: arguments by name (those evaluating to null left out, as not set),
/// nested blocks (and the blocks `dynamic` makes) as lists of objects, meta-arguments left out.
struct BodyEvaluation {
    /// Arguments and blocks of a `resource` or `data` block that configure Terraform, not the resource.
    static let resourceMetaArguments: Set<String> = [
        "count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection",
    ]
    /// The same for a `module` block.
    static let moduleMetaArguments: Set<String> = ["source", "version", "count", "for_each", "providers", "depends_on"]

    var evaluator: ExpressionEvaluator
    /// How many nested blocks the body may expand to through `dynamic` in all.
    var budget = EvaluationSession.maximumInstances

    mutating func object(of body: HCLBody, skipping skipped: Set<String> = [], at block: HCLBlock? = nil) -> TerraformValue {
        var members: [String: TerraformValue] = [:]
        var nested: [String: [TerraformValue]] = [:]
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                guard !skipped.contains(attribute.name.text) else { continue }
                // An argument set to null is an argument not set, as Terraform reads it: the provider's default applies.
                let value = evaluator.evaluate(attribute.value)
                if !value.isNull { members[attribute.name.text] = value }
            case .block(let block):
                guard !skipped.contains(block.type.text) else { continue }
                if block.type.text == "dynamic" {
                    guard let label = block.labels.first?.value else {
                        evaluator.sink.report(
                            .terraformInvalidBlock, at: block.type.range, "a dynamic block needs the nested block's type as its label")
                        continue
                    }
                    nested[label, default: []] += dynamicBlocks(block, label: label)
                } else {
                    var inner = self
                    nested[block.type.text, default: []].append(inner.object(of: block.body, at: block))
                    budget = inner.budget
                }
            }
        }
        for (name, blocks) in nested where members[name] == nil {
            members[name] = TerraformValue(.list(blocks), location: blocks.first?.location)
        }
        return .object(members, at: block?.range.location ?? body.range.location)
    }

    /// `dynamic "label" { for_each, iterator, content {} }`: one block per element, the iterator bound to
    /// `{key, value}`; an unknown `for_each` gives one block whose iterator is unknown.
    private mutating func dynamicBlocks(_ block: HCLBlock, label: String) -> [TerraformValue] {
        guard let content = block.body.blocks.first(where: { $0.type.text == "content" }) else {
            evaluator.sink.report(.terraformInvalidBlock, at: block.type.range, "dynamic \"\(label)\" needs a content block")
            return []
        }
        guard let forEach = block.body.attribute("for_each") else {
            evaluator.sink.report(.terraformInvalidBlock, at: block.type.range, "dynamic \"\(label)\" needs a for_each argument")
            return []
        }
        var iteratorName = label
        if let iterator = block.body.attribute("iterator") {
            guard case .variable(let name) = iterator.value.kind else {
                evaluator.sink.report(.terraformInvalidBlock, at: iterator.value.range, "iterator must be a bare name")
                return []
            }
            iteratorName = name
        }
        let collection = evaluator.evaluate(forEach.value)
        let elements: [(key: TerraformValue, value: TerraformValue)]
        if case .unknown(let unknown) = collection.kind {
            elements = [
                (
                    .unknown("\(iteratorName).key", reason: unknown.reason, at: forEach.value.range.location),
                    .unknown("\(iteratorName).value", reason: unknown.reason, at: forEach.value.range.location)
                )
            ]
        } else if collection.isNull {
            evaluator.sink.report(
                .terraformInvalidBlock, at: forEach.value.range, "dynamic \"\(label)\": for_each can't be null; use [] for no blocks")
            return []
        } else if let iteration = ExpressionEvaluator.iteration(of: collection) {
            elements = iteration
        } else {
            evaluator.sink.report(
                .terraformInvalidBlock, at: forEach.value.range,
                "dynamic \"\(label)\": for_each needs a collection, got a \(collection.typeName)")
            return []
        }
        let allowed = min(elements.count, max(budget, 0))
        if allowed < elements.count {
            evaluator.sink.report(
                .terraformTooManyInstances, at: forEach.value.range,
                "dynamic \"\(label)\" makes more than \(EvaluationSession.maximumInstances) blocks in this resource; the rest are left out")
        }
        budget -= allowed
        var blocks: [TerraformValue] = []
        for (key, value) in elements.prefix(allowed) {
            var inner = self
            inner.evaluator = evaluator.binding(iteratorName, to: .object(["key": key, "value": value]))
            blocks.append(inner.object(of: content.body, at: block))
            budget = inner.budget
        }
        return blocks
    }
}
