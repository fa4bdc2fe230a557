import ARMTemplates
import BicepCompiler
import BicepSyntax
import LocatedJSON
public import PostureModel
public import SourceModel

extension BicepFrontEnd {
    /// `bulwark expand`: one `.bicep` template (or the template a `.bicepparam` file uses) compiled and expanded as
    /// Azure Resource Manager would deploy it.
    /// - Parameters:
    ///   - file: a `.bicep` file, or a `.bicepparam` file (its `using` template is expanded with its values).
    ///   - parameters: a JSON or `.bicepparam` parameter file, if any (it overrides a `.bicepparam` given as `file`).
    /// - Returns: the deployed and skipped resources, and every problem found. Problems are data: never throws.
    public func expand(_ file: String, parameters: String?) -> LoadedInput {
        var problems: [Diagnostic] = []
        var explicit: ExplicitParameters?
        if let parameters {
            switch ExplicitParameters.read(parameters, frontEnd: self) {
            case .success(let read): explicit = read
            case .failure(let problem): problems.append(problem)
            }
        }
        var source: BicepSource
        switch BicepSource.read(file) {
        case .failure(let problem): return LoadedInput(problems: problems + [problem])
        case .success(let read): source = read
        }
        if source.isParameterFile {
            let target = usingTarget(of: source)
            problems += target.problems
            guard let path = target.path else { return LoadedInput(problems: problems) }
            if explicit == nil { explicit = .bicep(source) }
            switch BicepSource.read(path) {
            case .failure(let problem): return LoadedInput(problems: problems + [problem])
            case .success(let read): source = read
            }
        }
        let compilation = compile(source.tree)
        problems += compilation.diagnostics
        guard let template = compilation.template else { return LoadedInput(problems: problems) }
        var parameterDocument: SourceDocument?
        if let explicit {
            let applied = explicit.document(for: template, templateFile: source.file, frontEnd: self)
            problems += applied.problems
            guard applied.isUsable else { return LoadedInput(problems: problems) }
            parameterDocument = applied.document
        }
        let document = SourceDocument(file: source.file, root: template, includedFiles: compilation.includedFiles)
        let loaded = TemplateLoader(context: context).load(document, parameters: parameterDocument)
        return LoadedInput(resources: loaded.resources, skipped: loaded.skipped, problems: problems + loaded.problems)
    }

    /// `bulwark build`: the ARM template JSON the compiler emits for a `.bicep` file, or the deployment parameters
    /// JSON it writes for a `.bicepparam` file (values computed, checked against the `using` template when it is a
    /// local file).
    /// - Parameter file: the `.bicep` or `.bicepparam` file.
    /// - Returns: the JSON text (nil when the file cannot be compiled) and every diagnostic.
    public func build(_ file: String) -> (json: String?, problems: [Diagnostic]) {
        switch BicepSource.read(file) {
        case .failure(let problem): return (nil, [problem])
        case .success(let source) where source.isParameterFile:
            let target = usingTarget(of: source)
            var problems = target.problems.filter { $0.code != .bicepParametersNotApplied }
            var template: JSONValue?
            var templateFile: String?
            if let path = target.path {
                switch BicepSource.read(path) {
                case .success(let read):
                    let compilation = compile(read.tree)
                    template = compilation.template
                    templateFile = path
                    if template == nil { problems += compilation.diagnostics }
                case .failure(let problem): problems.append(problem)
                }
            }
            let values = evaluateParameters(source, template: template, templateFile: templateFile)
            return (values.document?.jsonText(), problems + values.problems)
        case .success(let source):
            let compilation = BicepCompiler.compile(source.tree, options: settings.compileOptions)
            return (compilation.template?.jsonText(), compilation.diagnostics)
        }
    }
}
