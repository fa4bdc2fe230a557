import SourceModel
import BicepSyntax

extension BicepCompiler {
    /// Compiles a file with its modules, reading every file through `options.reader`.
    ///
    /// Each `module` becomes a nested `Microsoft.Resources/deployments` resource whose `template` is:
    /// - for a local `.bicep` path (relative to the declaring file), that file compiled the same way; a missing
    ///   file, a cycle of modules or nesting deeper than ``BicepCompileOptions/maximumModuleDepth`` is an error
    ///   (`module-not-found`, `module-cycle`) at the path's file:line:column;
    /// - for a local `.json` path, or `br:`/`br/alias:` reference found in ``BicepCompileOptions/registryRoot``
    ///   (`<registry>/<path>/<tag>/main.json`; `br/public:` is `mcr.microsoft.com/bicep`, other aliases come from
    ///   the nearest `bicepconfig.json`), the JSON verbatim;
    /// - otherwise (a registry module not restored, a `ts:` template spec), unknown: the deployment carries
    ///   `"templateLink": {"uri": "<the reference as written>"}` and no `template`, so an ARM engine treats it as
    ///   a linked template it does not fetch (its resources unseen, its outputs unknown), and a
    ///   `module-not-restored` warning names the reference and how to provide it.
    ///
    /// Values of a nested template carry ranges in the file they come from (the child `.bicep` or JSON file).
    /// - Parameters:
    ///   - file: the entry file's path; module paths resolve against it.
    ///   - source: the entry file's bytes, or nil to read them through `options.reader`.
    ///   - options: the file reader, registry folder and depth limit.
    /// - Returns: the template (nil on any error) and every diagnostic, the modules' included.
    public static func compile(file: String, source: [UInt8]? = nil, options: BicepCompileOptions) -> BicepCompilation {
        let path = BicepPath.normalize(file)
        guard let bytes = source ?? options.reader.read(path) else {
            let tree = SyntaxTree(parsing: "", file: file, kind: .template)
            let diagnostic = Diagnostic(.moduleNotFound, file: file, "expected a Bicep file at '\(file)', found none")
            return BicepCompilation(template: nil, diagnostics: [diagnostic], model: SemanticModel(tree: tree))
        }
        let loader = ModuleLoader(options: options, chain: [path])
        var compilation = loader.compile(SyntaxTree(parsing: bytes, file: path, kind: .template))
        compilation.includedFiles = loader.budget.includedFiles
        return compilation
    }
}
