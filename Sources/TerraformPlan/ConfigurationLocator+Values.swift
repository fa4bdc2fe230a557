import HCLSyntax
import SourceModel
import TerraformModel

extension ConfigurationLocator {
    /// The planned attributes located in the block that declares them: an attribute written in the block at its
    /// expression (object and tuple literals member by member), a nested block's values in that block (the n-th value
    /// in the n-th block of that type; all of a `dynamic` block's in the `dynamic` block), and what the block does
    /// not write (provider defaults, computed values) at the block itself.
    static func locating(_ value: TerraformValue, in body: HCLBody, blockLocation: SourceLocation) -> TerraformValue {
        guard case .object(let members) = value.kind else { return value.relocated(to: blockLocation) }
        var located: [String: TerraformValue] = [:]
        for (key, member) in members {
            if let attribute = body.attribute(key) {
                located[key] = locating(member, by: attribute.value)
                continue
            }
            let nested = body.blocks.filter { $0.type.text == key }
            if !nested.isEmpty, case .list(let elements) = member.kind {
                let locatedElements = elements.enumerated().map { index, element in
                    index < nested.count
                        ? locating(element, in: nested[index].body, blockLocation: nested[index].range.location)
                        : element.relocated(to: nested[nested.count - 1].range.location)
                }
                located[key] = TerraformValue(.list(locatedElements), location: nested[0].range.location, isSensitive: member.isSensitive)
                continue
            }
            if let dynamic = body.blocks.first(where: { $0.type.text == "dynamic" && $0.labels.first?.value == key }) {
                located[key] = member.relocated(to: dynamic.range.location)
                continue
            }
            located[key] = member.relocated(to: blockLocation)
        }
        return TerraformValue(.object(located), location: blockLocation, isSensitive: value.isSensitive)
    }

    /// A value located at the expression that wrote it, object and tuple literals followed member by member.
    static func locating(_ value: TerraformValue, by expression: HCLExpression) -> TerraformValue {
        let at = expression.range.location
        switch (value.kind, expression.kind) {
        case (.object(let members), .object(let items)):
            var located: [String: TerraformValue] = [:]
            for (key, member) in members {
                if let item = items.last(where: { literalKey($0) == key }) {
                    located[key] = locating(member, by: item.value)
                } else {
                    located[key] = member.relocated(to: at)
                }
            }
            return TerraformValue(.object(located), location: at, isSensitive: value.isSensitive)
        case (.list(let elements), .tuple(let expressions)):
            let located = elements.enumerated().map { index, element in
                index < expressions.count ? locating(element, by: expressions[index]) : element.relocated(to: at)
            }
            return TerraformValue(.list(located), location: at, isSensitive: value.isSensitive)
        default:
            return value.relocated(to: at)
        }
    }

    /// An object item's key when it is written literally: `name = ...`, `"name" = ...`.
    private static func literalKey(_ item: HCLObjectItem) -> String? {
        switch item.key.kind {
        case .variable(let name) where item.keyIsBareIdentifier: name
        case .template(let template): template.literalValue
        default: nil
        }
    }
}
