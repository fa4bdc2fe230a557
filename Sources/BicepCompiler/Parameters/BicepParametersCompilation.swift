public import BicepSyntax
public import SourceModel

/// The result of compiling one `.bicepparam` file: not the values themselves (the Bicep compiler evaluates them at
/// compile time, which takes an ARM expression evaluator), but an ARM template that computes them.
public struct BicepParametersCompilation: Sendable {
    /// An ARM template whose `variables` are the file's `var`s and whose `outputs` are its parameter values, one output
    /// per `param` named as the parameter, in file order. A ``BicepParameterAssignment/isKeyVaultReference`` parameter's
    /// output is the array of its `getSecret` arguments (subscription, resource group, vault, secret, version?).
    /// Evaluating the outputs with an ARM engine gives the values the compiler writes. Nil when the file has errors.
    public var evaluationTemplate: TemplateValue?
    /// Each `param name = value`, in file order.
    public var assignments: [BicepParameterAssignment]
    /// The template the `using` declaration names, resolved against the `.bicepparam` file (nil for `using none`).
    public var templatePath: String?
    public var diagnostics: [Diagnostic]
    /// The file's `externalInput(kind, config?)` calls, in file order: values the deployment tooling supplies, which
    /// the evaluation template reads as `externalInputs('kind_N')` (unknown to any compiler).
    public var externalInputs: [BicepExternalInput] = []

    public init(
        evaluationTemplate: TemplateValue?, assignments: [BicepParameterAssignment], templatePath: String?, diagnostics: [Diagnostic]
    ) {
        self.evaluationTemplate = evaluationTemplate
        self.assignments = assignments
        self.templatePath = templatePath
        self.diagnostics = diagnostics
    }
}

/// One `param name = value` of a `.bicepparam` file.
public struct BicepParameterAssignment: Sendable, Hashable {
    public var name: String
    /// The range of the name after `param`: where the compiler reports a parameter the template does not declare.
    public var nameRange: SourceRange
    /// The range of the value: where a value of the wrong type is reported.
    public var valueRange: SourceRange
    /// `getSecret(...)`: a Key Vault reference, whose secret the deployment reads and no compiler ever sees.
    public var isKeyVaultReference: Bool

    public init(name: String, nameRange: SourceRange, valueRange: SourceRange, isKeyVaultReference: Bool) {
        self.name = name
        self.nameRange = nameRange
        self.valueRange = valueRange
        self.isKeyVaultReference = isKeyVaultReference
    }
}

/// One `externalInput(kind, config?)` of a `.bicepparam` file: a value the deployment tooling supplies.
public struct BicepExternalInput: Sendable, Hashable {
    /// `kind_N`: the name in `externalInputDefinitions` and in `externalInputs('kind_N')`.
    public var name: String
    public var kind: String
    public var config: TemplateValue?
    /// The call's range.
    public var range: SourceRange

    public init(name: String, kind: String, config: TemplateValue?, range: SourceRange) {
        self.name = name
        self.kind = kind
        self.config = config
        self.range = range
    }
}
