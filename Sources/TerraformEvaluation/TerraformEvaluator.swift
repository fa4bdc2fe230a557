public import TerraformModel

/// Evaluates a Terraform root module folder with Terraform's semantics: variables from defaults, `.tfvars` files
/// and the inputs given; locals, resources, data sources and outputs in the order their references need; `count`,
/// `for_each` and `dynamic` expanded; local and installed modules followed. What only apply would know is an
/// explicit unknown saying why, never a guess; every problem is a diagnostic at its file, line and column.
public struct TerraformEvaluator: TerraformConfigurationEvaluating {
    private let functions: any TerraformFunctionLibrary
    private let identifier: (any TerraformResourceIdentifier)?

    /// - Parameters:
    ///   - functions: Terraform's built-in functions (`can`, `try` and `templatefile` are the evaluator's own).
    ///   - identifier: computes the ARM id of a resource for references to its `id`; nil leaves ids unknown.
    public init(functions: any TerraformFunctionLibrary, identifier: (any TerraformResourceIdentifier)?) {
        self.functions = functions
        self.identifier = identifier
    }

    public func evaluate(rootModule directory: String, inputs: TerraformVariableInputs) -> TerraformConfiguration {
        let root = FolderPath.normalize(directory)
        let session = EvaluationSession(functions: functions, identifier: identifier, rootDirectory: root)
        let declarations = session.declarations(of: root)
        session.rootProviderVersions = declarations.providerMajorVersions
        let variables = VariableValues(session: session).rootValues(declarations, inputs: inputs)
        let module = ModuleInstance(
            session: session, declarations: declarations, address: "", moduleKey: "", callStack: [root], variables: variables)
        module.evaluateAll()
        return TerraformConfiguration(instances: module.instances(), diagnostics: session.sink.diagnostics, filesRead: session.filesRead)
    }
}
