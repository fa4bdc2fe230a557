import BicepCompiler
import BicepSyntax
import SourceModel

/// `externalInput(kind, config?)` in a `.bicepparam` file: a value the deployment tooling supplies, which no compiler
/// knows. The compiler writes such a parameter as the expression that reads it (`[externalInputs('kind_0')]`) and
/// lists the inputs in `externalInputDefinitions`; the ARM engine reads the value as unknown.
extension BicepFrontEnd {
    /// The parameter's entry (`{value: "[...]"}` or a Key Vault `{reference}` built from expressions) when its value
    /// reads an external input; nil when it does not.
    static func externalInputValue(_ assignment: BicepParameterAssignment, _ compilation: BicepParametersCompilation) -> TemplateValue? {
        guard readsExternalInput(assignment, compilation) else { return nil }
        let range = assignment.valueRange
        let template = compilation.evaluationTemplate
        func member(_ key: String, _ value: TemplateValue) -> TemplateMember { TemplateMember(key: key, value: value, range: range) }
        func string(_ text: String) -> TemplateValue { TemplateValue(.string(text), range: range) }
        if assignment.isKeyVaultReference {
            // getSecret's arguments: subscription, resource group, vault, secret, version?
            guard case .array(let arguments)? = template?[member: "outputs"]?[member: assignment.name]?[member: "value"]?.kind else {
                return nil
            }
            guard (4...5).contains(arguments.count) else { return nil }
            let id =
                "[resourceId(\(argument(arguments[0])), \(argument(arguments[1])), 'Microsoft.KeyVault', 'vaults', \(argument(arguments[2])))]"
            var reference = [
                member("keyVault", TemplateValue(.object([member("id", string(id))]), range: range)), member("secretName", arguments[3]),
            ]
            if arguments.count == 5 { reference.append(member("secretVersion", arguments[4])) }
            return TemplateValue(.object([member("reference", TemplateValue(.object(reference), range: range))]), range: range)
        }
        guard let expression = template?[member: "variables"]?[member: assignment.name] else { return nil }
        return TemplateValue(.object([member("value", expression)]), range: range)
    }

    /// Whether the assignment's value calls `externalInput(...)`.
    static func readsExternalInput(_ assignment: BicepParameterAssignment, _ compilation: BicepParametersCompilation) -> Bool {
        let range = assignment.valueRange
        return compilation.externalInputs.contains { $0.range.startOffset >= range.startOffset && $0.range.endOffset <= range.endOffset }
    }

    /// An ARM template string as an argument inside another expression: `[f(x)]` as `f(x)`, text as `'text'`.
    private static func argument(_ value: TemplateValue) -> String {
        guard case .string(let text) = value.kind else { return "null" }
        if text.hasPrefix("["), !text.hasPrefix("[["), text.hasSuffix("]") { return String(text.dropFirst().dropLast()) }
        let literal = text.hasPrefix("[[") ? String(text.dropFirst()) : text
        return "'\(literal.replacingOccurrences(of: "'", with: "''"))'"
    }

    /// `externalInputDefinitions: {kind_N: {kind, config?}}`, sorted by name as the compiler writes it; nothing when
    /// the file has no external input.
    static func externalInputDefinitions(_ inputs: [BicepExternalInput], range: SourceRange) -> [TemplateMember] {
        guard !inputs.isEmpty else { return [] }
        let definitions = inputs.sorted { $0.name < $1.name }.map { input in
            var members = [TemplateMember(key: "kind", value: TemplateValue(.string(input.kind), range: input.range), range: input.range)]
            if let config = input.config { members.append(TemplateMember(key: "config", value: config, range: input.range)) }
            return TemplateMember(key: input.name, value: TemplateValue(.object(members), range: input.range), range: input.range)
        }
        return [TemplateMember(key: "externalInputDefinitions", value: TemplateValue(.object(definitions), range: range), range: range)]
    }
}
