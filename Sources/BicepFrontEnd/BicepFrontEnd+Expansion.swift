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
    ///   - file: a `.bicep` file, or a `.bicepparam` file (its `using` template is expanded with its defaults).
    ///   - parameters: a JSON parameter file, if any.
    /// - Returns: the deployed and skipped resources, and every problem found. Problems are data: never throws.
    public func expand(_ file: String, parameters: String?) -> LoadedInput {
        var problems: [Diagnostic] = []
        var parameterDocument: SourceDocument?
        if let parameters {
            switch readParameterFile(parameters) {
            case .success(let document): parameterDocument = document
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
            switch BicepSource.read(path) {
            case .failure(let problem): return LoadedInput(problems: problems + [problem])
            case .success(let read): source = read
            }
        }
        let compilation = compile(source.tree)
        problems += compilation.diagnostics
        guard let template = compilation.template else { return LoadedInput(problems: problems) }
        let loaded = TemplateLoader(context: context).load(SourceDocument(file: source.file, root: template), parameters: parameterDocument)
        return LoadedInput(resources: loaded.resources, skipped: loaded.skipped, problems: problems + loaded.problems)
    }

    /// `bulwark build`: the ARM template JSON the compiler emits for a `.bicep` file.
    /// - Parameter file: the `.bicep` file.
    /// - Returns: the JSON text (nil when the file cannot be compiled) and every diagnostic.
    public func build(_ file: String) -> (json: String?, problems: [Diagnostic]) {
        if file.lowercased().hasSuffix(".bicepparam") {
            return (nil, [Diagnostic(.unsupportedBicep, file: file, "not supported yet: building a .bicepparam file")])
        }
        switch BicepSource.read(file) {
        case .failure(let problem): return (nil, [problem])
        case .success(let source):
            let compilation = BicepCompiler.compile(source.tree, options: settings.compileOptions)
            return (compilation.template?.jsonText(), compilation.diagnostics)
        }
    }
}
