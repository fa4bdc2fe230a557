import LocatedJSON
public import PostureModel
import SourceModel

extension ARMFrontEnd {
    /// `bulwark expand`: one template (and its parameter file) expanded as Azure Resource Manager would, for a
    /// person debugging a template or a test that locks the expansion.
    /// - Parameters:
    ///   - template: the template's path.
    ///   - parameters: a parameter file's path, if any.
    /// - Returns: the deployed and skipped resources, and every problem found. Problems are data: never throws.
    public func expand(template: String, parameters: String?) -> LoadedInput {
        let reader = SourceReader()
        var problems: [Diagnostic] = []
        var parameterDocument: SourceDocument?
        if let parameters {
            switch reader.read(parameters) {
            case .success(let document): parameterDocument = document
            case .failure(let problem): problems.append(problem)
            }
        }
        switch reader.read(template) {
        case .failure(let problem):
            return LoadedInput(problems: problems + [problem])
        case .success(let document):
            guard ARMDocumentKind.classify(document.root) == .deploymentTemplate else {
                return LoadedInput(problems: problems + [Diagnostic(
                    .notATemplate, at: SourceLocation(file: template, position: document.root.position),
                    "expected an ARM deployment template: a JSON object with '$schema' ending in deploymentTemplate.json#, or 'resources' and 'contentVersion'"
                )])
            }
            let loaded = TemplateLoader(context: context).load(document, parameters: parameterDocument)
            return LoadedInput(resources: loaded.resources, skipped: loaded.skipped, problems: problems + loaded.problems)
        }
    }
}
