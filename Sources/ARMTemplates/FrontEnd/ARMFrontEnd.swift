import Foundation
import LocatedJSON
public import PostureModel
import SourceModel

/// ARM deployment templates and parameter files as a scan input: `.json` and `.jsonc` files are claimed and
/// classified by content, each template is paired with its parameter file and expanded as Azure Resource
/// Manager would deploy it.
public struct ARMFrontEnd: InputFrontEnd {
    /// The subscription, resource group, location and time templates are expanded for.
    public var context: DeploymentContext
    /// A parameter file applied to every template named on the command line (`--parameters`).
    public var parameterFile: String?
    /// Files with an ARM name that another front end reads (a Terraform plan is `.json`, and so is `main.tf.json`):
    /// asked before claiming one, so that the other front end, later in the scanner's list, gets it.
    public var yields: @Sendable (String) -> Bool

    /// - Parameter yields: true for a `.json` file that is another front end's; none by default.
    public init(
        context: DeploymentContext = .default, parameterFile: String? = nil, yields: @escaping @Sendable (String) -> Bool = { _ in false }
    ) {
        self.context = context
        self.parameterFile = parameterFile
        self.yields = yields
    }

    public var name: String { "ARM" }

    public func claims(_ path: String) -> Bool {
        let lower = path.lowercased()
        return (lower.hasSuffix(".json") || lower.hasSuffix(".jsonc")) && !yields(path)
    }

    public func plan(_ files: [InputFile]) -> InputPlan {
        var plan = InputPlan()
        let reader = SourceReader()
        var documents: [(candidate: InputFile, document: SourceDocument)] = []
        for file in files {
            switch reader.read(file.path) {
            case .success(let document):
                documents.append((file, document))
                if let warning = Self.sizeWarning(document) { plan.problems.append(warning) }
            case .failure(let problem):
                // A file named `.json` that cannot be read as JSON is an error whether it was named or walked.
                plan.problems.append(problem)
            }
        }
        var explicitParameters: SourceDocument?
        if let parameterFile {
            switch reader.read(parameterFile) {
            case .success(let document):
                if ARMDocumentKind.classify(document.root) == .parameterFile {
                    explicitParameters = document
                } else {
                    plan.problems.append(
                        Diagnostic(
                            .invalidParameterFile, at: SourceLocation(file: parameterFile, position: document.root.position),
                            "expected a deployment parameter file ('$schema' ending in deploymentParameters.json# with a 'parameters' object)"
                        ))
                }
            case .failure(let problem): plan.problems.append(problem)
            }
        }
        let pairing = TemplatePairing.make(documents, explicitParameters: explicitParameters) { path in
            FileManager.default.fileExists(atPath: path) ? reader.read(path) : nil
        }
        plan.problems += pairing.problems
        let loader = TemplateLoader(context: context)
        plan.units = pairing.jobs.map { job in
            InputUnit(name: job.template.file) {
                let loaded = loader.load(job.template, parameters: job.parameters)
                return LoadedInput(resources: loaded.resources, skipped: loaded.skipped, problems: loaded.problems)
            }
        }
        // Every JSON file read is also checked for secrets: templates, parameter and settings files alike.
        plan.textFiles = documents.map(\.candidate.path)
        return plan
    }

    /// ARM refuses a template or parameter file larger than 4 MB; Bulwark still scans it, with a warning.
    static func sizeWarning(_ document: SourceDocument) -> Diagnostic? {
        let kind = ARMDocumentKind.classify(document.root)
        guard kind != .other,
            let size = (try? FileManager.default.attributesOfItem(atPath: document.file))?[.size] as? Int,
            size > EvaluationLimits.maximumTemplateFileBytes
        else { return nil }
        let what = kind == .deploymentTemplate ? "template" : "parameter file"
        return Diagnostic(
            .invalidTemplate, .warning, at: SourceLocation(file: document.file, position: document.root.position),
            "the \(what) is \(size / (1024 * 1024)) MB; ARM refuses a \(what) larger than "
                + "\(EvaluationLimits.megabytes(EvaluationLimits.maximumTemplateFileBytes)), so Azure would not deploy it")
    }
}
