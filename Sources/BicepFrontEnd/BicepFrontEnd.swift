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
        var explicitParameters: ExplicitParameters?
        if let parameterFile {
            switch ExplicitParameters.read(parameterFile, frontEnd: self) {
            case .success(let read): explicitParameters = read
            case .failure(let problem): plan.problems.append(problem)
            }
        }
        // Each `.bicepparam` file deploys its `using` template with its values: the template is judged once per
        // parameter file (and not once more with its defaults), even when it lies outside the scanned folder.
        var planned = Set(templates.map { BicepSource.key($0.source.file) })
        var parametersByTemplate: [String: [BicepSource]] = [:]
        for parameters in parameterFiles {
            let target = usingTarget(of: parameters)
            plan.problems += target.problems
            guard let path = target.path else { continue }
            parametersByTemplate[BicepSource.key(path), default: []].append(parameters)
            guard planned.insert(BicepSource.key(path)).inserted else { continue }
            switch BicepSource.read(path) {
            // Not named on the command line (so `--parameters` does not apply to it), yet judged: it has deployments.
            case .success(let source): templates.append((InputFile(path: path, isExplicit: false), source))
            case .failure(let problem): plan.problems.append(problem)
            }
        }
        if let parameterFile, explicitParameters != nil, !templates.contains(where: \.file.isExplicit) {
            plan.problems.append(
                Diagnostic(
                    .invalidParameterFile, .warning, file: parameterFile,
                    "--parameters applies to templates named on the command line, and none was named; name the .bicep file"))
        }
        let compiled = templates.map { compile($0.source.tree) }
        let modules = ModuleCoverage(templates: templates.map(\.source), compiled: compiled.map { $0.template != nil })
        for ((file, source), compilation) in zip(templates, compiled) {
            let deployments = parametersByTemplate[BicepSource.key(source.file)] ?? []
            if !file.isExplicit, deployments.isEmpty, let user = modules.compiledUser(of: source.file) {
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
            guard let template = compilation.template, let document = compilation.document(file: source.file) else { continue }
            var runs: [(name: String, parameters: SourceDocument?)] = []
            if file.isExplicit, let explicitParameters {
                let applied = explicitParameters.document(for: template, templateFile: source.file, frontEnd: self)
                plan.problems += applied.problems
                guard applied.isUsable else { continue }
                runs.append((source.file, applied.document))
            } else if !deployments.isEmpty {
                for parameters in deployments {
                    let values = evaluateParameters(parameters, template: template, templateFile: source.file)
                    plan.problems += values.problems
                    if let document = values.parameterDocument(file: parameters.file) { runs.append((parameters.file, document)) }
                }
            } else {
                runs.append((source.file, nil))
            }
            let loader = TemplateLoader(context: context)
            for run in runs {
                plan.units.append(
                    InputUnit(name: run.name) {
                        let loaded = loader.load(document, parameters: run.parameters)
                        return LoadedInput(resources: loaded.resources, skipped: loaded.skipped, problems: loaded.problems)
                    })
            }
        }
        return plan
    }
}
