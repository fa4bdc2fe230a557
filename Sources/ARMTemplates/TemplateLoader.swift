public import SourceModel
import LocatedJSON
public import PostureModel

/// The resources of one template after expansion, and what went wrong while reading it.
public struct LoadedTemplate: Sendable {
    /// Every resource the deployment creates, nested deployments' included, with parent and child links.
    public var resources: [Resource]
    /// Resources whose `condition` is false: not deployed, never judged.
    public var skipped: [Resource]
    public var problems: [Diagnostic]
}

/// Turns one ARM deployment template (and optionally its parameter file) into normalized resources, the way
/// Azure Resource Manager expands it: parameters, variables, functions, conditions, copy loops, symbolic
/// resources and nested deployments. Values the template alone decides are evaluated; everything else becomes
/// an explicit unknown.
public struct TemplateLoader: Sendable {
    public var context: DeploymentContext

    public init(context: DeploymentContext = .default) {
        self.context = context
    }

    /// - Parameters:
    ///   - template: the template document; must be a JSON object.
    ///   - parameters: a parameter file for it, if any.
    /// - Returns: the resources and every problem found. Never throws: problems are data.
    public func load(_ template: SourceDocument, parameters: SourceDocument? = nil) -> LoadedTemplate {
        let session = EvaluationSession(context: context)
        session.includedFiles = template.includedFiles
        guard template.root.members != nil else {
            session.report(
                Diagnostic(
                    .notATemplate, at: SourceLocation(file: template.file, position: template.root.position),
                    "expected a template object with 'resources', found \(template.root.kindDescription)"
                ))
            return LoadedTemplate(resources: [], skipped: [], problems: session.problems)
        }
        let level = DeploymentScope.level(ofSchema: template.root[member: "$schema"]?.stringValue)
        let evaluator = TemplateEvaluator(
            scope: TemplateScope(file: template.file), session: session,
            deploymentScope: DeploymentScope(level: level, context: context)
        )
        let binding = ParameterBinding(evaluator: evaluator)
        let supplied = readParameterFile(parameters, session: session)
        binding.bind(template.root[member: "parameters"], supplied: supplied ?? [:], definitions: template.root[member: "definitions"])
        if let parameters, let supplied {
            let declared = Set(template.root[member: "parameters"]?.members?.map { $0.key.lowercased() } ?? [])
            for entry in parameters.root[member: "parameters"]?.members ?? []
            where supplied[entry.key.lowercased()] != nil && !declared.contains(entry.key.lowercased()) {
                session.report(
                    Diagnostic(
                        .invalidParameterFile, .warning, at: SourceLocation(file: parameters.file, position: entry.keyPosition),
                        "parameter '\(entry.key)' is not declared in \(template.file); remove it or check its spelling"
                    ))
            }
        }
        binding.declareVariables(template.root[member: "variables"])
        binding.declareFunctions(template.root[member: "functions"])
        DeploymentExpander.checkSections(of: template.root, evaluator: evaluator)
        let expander = DeploymentExpander(evaluator: evaluator, depth: 0)
        if let resources = template.root[member: "resources"] {
            expander.expand(resources)
        } else {
            session.report(
                Diagnostic(
                    .invalidTemplate, at: SourceLocation(file: template.file, position: template.root.position),
                    "expected a 'resources' member in the deployment template"
                ))
        }
        DeploymentExpander.checkExpandedSize(session, at: SourceLocation(file: template.file, position: template.root.position))
        return LoadedTemplate(resources: Self.linked(session.resources), skipped: session.skipped, problems: session.problems)
    }

    private func readParameterFile(_ document: SourceDocument?, session: EvaluationSession) -> [String: SuppliedParameter]? {
        guard let document else { return nil }
        let here = SourceLocation(file: document.file, position: document.root.position)
        guard let entries = document.root[member: "parameters"]?.members else {
            session.report(
                Diagnostic(
                    .invalidParameterFile, at: here, "expected a parameter file with a 'parameters' object; its values were not used"))
            return nil
        }
        var supplied: [String: SuppliedParameter] = [:]
        // A parameters file with external inputs may write values as expressions that read them (`[externalInputs('x')]`,
        // as `bicep build-params` does for `externalInput()`): the deployment tooling supplies those, so they are unknown.
        let hasExternalInputs = document.root[member: "externalInputDefinitions"] != nil
        for entry in entries {
            if let value = entry.value[member: "value"] {
                if hasExternalInputs, let text = value.stringValue, Self.readsExternalInputs(text) {
                    let at = SourceLocation(file: document.file, position: value.position)
                    supplied[entry.key.lowercased()] = .value(
                        .unknown(text, reason: "externalInputs() is a value the deployment tooling supplies", at: at))
                    continue
                }
                supplied[entry.key.lowercased()] = .literal(value, file: document.file)
            } else if entry.value[member: "reference"] != nil {
                supplied[entry.key.lowercased()] = .keyVaultReference
            } else {
                session.report(
                    Diagnostic(
                        .invalidParameterFile, at: SourceLocation(file: document.file, position: entry.value.position),
                        "expected {\"value\": ...} or {\"reference\": ...} for parameter '\(entry.key)'"
                    ))
            }
        }
        return supplied
    }

    /// Whether a parameter file's string is an expression that reads `externalInputs()`.
    static func readsExternalInputs(_ text: String) -> Bool {
        text.hasPrefix("[") && !text.hasPrefix("[[") && text.hasSuffix("]") && text.lowercased().contains("externalinputs(")
    }

    /// The resources with parent and child links filled in.
    static func linked(_ resources: [Resource]) -> [Resource] {
        var linked = resources
        var indexByID: [String: Int] = [:]
        for (index, resource) in linked.enumerated() { indexByID[resource.id.lowercased()] = index }
        for index in linked.indices {
            guard let parentID = linked[index].parentID, let parentIndex = indexByID[parentID.lowercased()] else { continue }
            linked[parentIndex].childIDs.append(linked[index].id)
        }
        return linked
    }
}
