import PostureModel
import ARMTemplates
import Foundation
import LocatedJSON
import RuleEngine

/// One scan: discover inputs, read and classify them, pair templates with parameter files, load resources,
/// judge them. Templates are independent deployments, so they are processed concurrently and each has its
/// own resource index for cross-resource rules.
public struct TemplateScanner: Sendable {
    public init() {}

    public func scan(_ request: ScanRequest) async -> ScanResult {
        var result = ScanResult(rules: request.catalog.rules)
        result.problems += request.catalog.errors.map {
            InputProblem(.invalidRule, at: $0.location, $0.message)
        }
        let discovery = InputDiscovery().discover(request.paths)
        result.problems += discovery.problems

        let reader = SourceReader()
        var documents: [(candidate: InputDiscovery.Candidate, document: SourceDocument)] = []
        for candidate in discovery.candidates {
            switch reader.read(candidate.path) {
            case .success(let document): documents.append((candidate, document))
            case .failure(let problem):
                // A file named `.json` that cannot be read as JSON is an error whether it was named or walked.
                result.problems.append(problem)
            }
        }

        var explicitParameters: SourceDocument?
        if let parameterFile = request.parameterFile {
            switch reader.read(parameterFile) {
            case .success(let document):
                if ARMDocumentKind.classify(document.root) == .parameterFile {
                    explicitParameters = document
                } else {
                    result.problems.append(InputProblem(.invalidParameterFile, at: SourceLocation(file: parameterFile, position: document.root.position), "expected a deployment parameter file ('$schema' ending in deploymentParameters.json# with a 'parameters' object)"))
                }
            case .failure(let problem): result.problems.append(problem)
            }
        }

        let plan = ScanPlan.make(documents, explicitParameters: explicitParameters) { path in
            FileManager.default.fileExists(atPath: path) ? reader.read(path) : nil
        }
        result.problems += plan.problems
        let outcomes = await withTaskGroup(of: (Int, TemplateOutcome).self) { group in
            for (position, job) in plan.jobs.enumerated() {
                group.addTask { (position, Self.judge(job, rules: request.catalog.rules, context: request.context)) }
            }
            var collected: [(Int, TemplateOutcome)] = []
            for await outcome in group { collected.append(outcome) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for outcome in outcomes {
            result.files.append(outcome.file)
            result.resources += outcome.resources
            result.findings += outcome.findings
            result.problems += outcome.problems
        }
        // Secrets in plain text: in every JSON file read (templates, parameter and settings files) and in the other
        // text files found, judged by the secrets rules like any resource.
        var secrets: [Resource] = []
        for file in documents.map(\.candidate.path) + discovery.textFiles {
            let scanned = SecretFileScan.resources(in: file)
            secrets += scanned.resources
            if let problem = scanned.problem { result.problems.append(problem) }
        }
        if !secrets.isEmpty {
            result.resources += secrets
            result.findings += RuleEvaluator().evaluate(request.catalog.rules, over: ResourceIndex(secrets))
        }
        return result
    }

    struct TemplateOutcome: Sendable {
        var file: String
        var resources: [Resource]
        var findings: [Finding]
        var problems: [InputProblem]
    }

    static func judge(_ job: ScanPlan.Job, rules: [Rule], context: DeploymentContext) -> TemplateOutcome {
        let loaded = TemplateLoader(context: context).load(job.template, parameters: job.parameters)
        let findings = RuleEvaluator().evaluate(rules, over: ResourceIndex(loaded.resources))
        return TemplateOutcome(file: job.template.file, resources: loaded.resources, findings: findings, problems: loaded.problems)
    }
}
