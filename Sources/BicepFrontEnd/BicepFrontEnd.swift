public import ARMTemplates
package import BicepSyntax
import Foundation
import LocatedJSON
public import PostureModel
import SourceModel

/// `.bicep` templates (and `.bicepparam` files) as a scan input: each template is compiled to an ARM template whose
/// every value keeps its `.bicep` position, then expanded by the ARM engine, so findings point at `.bicep` lines.
public struct BicepFrontEnd: InputFrontEnd {
    /// The subscription, resource group, location and time templates are expanded for.
    public var context: DeploymentContext
    /// A JSON parameter file applied to every template named on the command line (`--parameters`).
    public var parameterFile: String?
    public var settings: BicepSettings
    let compile: @Sendable (SyntaxTree) -> CompiledTemplate

    public init(context: DeploymentContext = .default, parameterFile: String? = nil, settings: BicepSettings = BicepSettings()) {
        self.init(context: context, parameterFile: parameterFile, settings: settings) {
            CompiledTemplate.compile($0, settings: settings)
        }
    }

    /// A front end with another compiler, for tests of what the compiler does not support yet.
    package init(
        context: DeploymentContext = .default, parameterFile: String? = nil, settings: BicepSettings = BicepSettings(),
        compile: @escaping @Sendable (SyntaxTree) -> CompiledTemplate
    ) {
        self.context = context
        self.parameterFile = parameterFile
        self.settings = settings
        self.compile = compile
    }

    public var name: String { "Bicep" }

    public func claims(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".bicep") || lower.hasSuffix(".bicepparam")
    }

    public func plan(_ files: [InputFile]) -> InputPlan {
        var plan = InputPlan()
        var templates: [(file: InputFile, source: BicepSource)] = []
        var parameterFiles: [BicepSource] = []
        for file in files {
            switch BicepSource.read(file.path) {
            case .failure(let problem): plan.problems.append(problem)
            case .success(let source):
                plan.textFiles.append(file.path)
                if source.isParameterFile { parameterFiles.append(source) } else { templates.append((file, source)) }
            }
        }
        var explicitParameters: SourceDocument?
        if let parameterFile {
            switch readParameterFile(parameterFile) {
            case .success(let document): explicitParameters = document
            case .failure(let problem): plan.problems.append(problem)
            }
        }
        // `.bicepparam` values are not applied yet: each file's `using` template is judged with its defaults, once.
        var planned = Set(templates.map { BicepSource.key($0.source.file) })
        for parameters in parameterFiles {
            let target = usingTarget(of: parameters)
            plan.problems += target.problems
            guard let path = target.path, planned.insert(BicepSource.key(path)).inserted else { continue }
            switch BicepSource.read(path) {
            case .success(let source): templates.append((InputFile(path: path, isExplicit: true), source))
            case .failure(let problem): plan.problems.append(problem)
            }
        }
        let compiled = templates.map { compile($0.source.tree) }
        let modules = ModuleCoverage(templates: templates.map(\.source), compiled: compiled.map { $0.template != nil })
        for ((file, source), compilation) in zip(templates, compiled) {
            if !file.isExplicit, let user = modules.compiledUser(of: source.file) {
                plan.problems.append(
                    Diagnostic(
                        .bicepModuleFile, .note, file: source.file, "skipped: judged as a module of \(user), which uses it"))
                continue
            }
            if let user = modules.failedUser(of: source.file) {
                plan.problems.append(
                    Diagnostic(
                        .bicepModuleFile, .note, file: source.file,
                        "judged on its own: \(user) uses it as a module but could not be compiled"))
            }
            plan.problems += compilation.diagnostics
            guard let template = compilation.template else { continue }
            let document = SourceDocument(file: source.file, root: template)
            let parameters = file.isExplicit ? explicitParameters : nil
            let loader = TemplateLoader(context: context)
            plan.units.append(
                InputUnit(name: source.file) {
                    let loaded = loader.load(document, parameters: parameters)
                    return LoadedInput(resources: loaded.resources, skipped: loaded.skipped, problems: loaded.problems)
                })
        }
        return plan
    }
}
