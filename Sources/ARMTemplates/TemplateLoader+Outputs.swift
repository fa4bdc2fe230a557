public import PostureModel
public import SourceModel

/// A template's outputs, evaluated.
public struct EvaluatedOutputs: Sendable {
    /// Each output's value by name, in template order; a value that cannot be known without a deployment is an
    /// unknown.
    public var outputs: [Value.Member]
    public var problems: [Diagnostic]
}

extension TemplateLoader {
    /// Evaluates the `outputs` of a template, with its parameters' defaults, its variables and its functions, the way
    /// its resources would be expanded; resources are not expanded. What computes values at compile time (a
    /// `.bicepparam` file lowered to a template) uses this.
    /// - Parameter template: the template document; must be a JSON object.
    /// - Returns: the outputs' values and every problem found. Never throws: problems are data.
    public func evaluateOutputs(_ template: SourceDocument) -> EvaluatedOutputs {
        let session = EvaluationSession(context: context)
        guard template.root.members != nil else {
            session.report(
                Diagnostic(
                    .notATemplate, at: SourceLocation(file: template.file, position: template.root.position),
                    "expected a template object, found \(template.root.kindDescription)"))
            return EvaluatedOutputs(outputs: [], problems: session.problems)
        }
        let level = DeploymentScope.level(ofSchema: template.root[member: "$schema"]?.stringValue)
        let evaluator = TemplateEvaluator(
            scope: TemplateScope(file: template.file), session: session, deploymentScope: DeploymentScope(level: level, context: context))
        let binding = ParameterBinding(evaluator: evaluator)
        binding.bind(template.root[member: "parameters"], supplied: [:], definitions: template.root[member: "definitions"])
        binding.declareVariables(template.root[member: "variables"])
        binding.declareFunctions(template.root[member: "functions"])
        let outputs = DeploymentExpander(evaluator: evaluator, depth: 0).outputs(template.root[member: "outputs"])
        let values = (outputs.members ?? []).map { Value.Member(key: $0.key, value: $0.value[member: "value"] ?? .null) }
        return EvaluatedOutputs(outputs: values, problems: session.problems)
    }
}
