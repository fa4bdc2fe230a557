import ARMTemplates
import BicepSyntax
import LocatedJSON
import SourceModel

/// What `--parameters FILE` names: a JSON deployment parameter file, or a `.bicepparam` file, whose values are
/// computed for each template it is applied to (and checked against it).
enum ExplicitParameters {
    case json(SourceDocument)
    case bicep(BicepSource)

    /// The file read: a `.bicepparam` by its extension, anything else as a JSON parameter file.
    static func read(_ path: String, frontEnd: BicepFrontEnd) -> Result<ExplicitParameters, Diagnostic> {
        guard path.lowercased().hasSuffix(".bicepparam") else { return frontEnd.readParameterFile(path).map(ExplicitParameters.json) }
        switch BicepSource.read(path) {
        case .success(let source) where source.isParameterFile: return .success(.bicep(source))
        case .success:
            return .failure(Diagnostic(.invalidParameterFile, file: path, "expected a .bicepparam file with a 'using' declaration"))
        case .failure(let problem): return .failure(problem)
        }
    }

    /// The parameter document for one template, the problems found, and whether the template may be judged with it
    /// (not when a `.bicepparam` value could not be computed or does not fit the template).
    func document(for template: JSONValue, templateFile: String, frontEnd: BicepFrontEnd)
        -> (document: SourceDocument?, problems: [Diagnostic], isUsable: Bool)
    {
        switch self {
        case .json(let document): return (document, [], true)
        case .bicep(let source):
            let values = frontEnd.evaluateParameters(source, template: template, templateFile: templateFile)
            let document = values.parameterDocument(file: source.file)
            return (document, source.tree.diagnostics + values.problems, document != nil)
        }
    }
}
