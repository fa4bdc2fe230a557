public import ARMTemplates
import LocatedJSON
public import PostureModel

/// `bulwark expand`: one template (and its parameter file) expanded as Azure Resource Manager would, for a
/// person debugging a template or a test that locks the expansion.
public struct TemplateExpansion: Sendable {
    public var resources: [Resource]
    /// Resources whose `condition` is false.
    public var skipped: [Resource]
    public var problems: [InputProblem]

    public init(resources: [Resource], skipped: [Resource], problems: [InputProblem]) {
        self.resources = resources
        self.skipped = skipped
        self.problems = problems
    }

    /// - Parameters:
    ///   - template: the template's path.
    ///   - parameters: a parameter file's path, if any.
    public static func expand(template: String, parameters: String?, context: DeploymentContext) -> TemplateExpansion {
        let reader = SourceReader()
        var problems: [InputProblem] = []
        var parameterDocument: SourceDocument?
        if let parameters {
            switch reader.read(parameters) {
            case .success(let document): parameterDocument = document
            case .failure(let problem): problems.append(problem)
            }
        }
        switch reader.read(template) {
        case .failure(let problem):
            return TemplateExpansion(resources: [], skipped: [], problems: problems + [problem])
        case .success(let document):
            guard ARMDocumentKind.classify(document.root) == .deploymentTemplate else {
                return TemplateExpansion(resources: [], skipped: [], problems: problems + [InputProblem(
                    .notATemplate, at: SourceLocation(file: template, position: document.root.position),
                    "expected an ARM deployment template: a JSON object with '$schema' ending in deploymentTemplate.json#, or 'resources' and 'contentVersion'"
                )])
            }
            let loaded = TemplateLoader(context: context).load(document, parameters: parameterDocument)
            return TemplateExpansion(resources: loaded.resources, skipped: loaded.skipped, problems: problems + loaded.problems)
        }
    }
}
