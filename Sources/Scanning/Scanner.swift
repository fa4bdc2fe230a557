import Foundation
public import PostureModel
public import RuleEngine
import SourceModel

/// One scan: discover inputs, let each front end read and plan what it claimed, load the units and judge them.
/// Units are independent deployments, so they are loaded and judged concurrently, each with its own resource
/// index for cross-resource rules. Every text file read is also checked for committed secrets.
public struct Scanner: Sendable {
    /// The input formats this scan reads, in the order they are asked to claim a file.
    public var frontEnds: [any InputFrontEnd]

    public init(frontEnds: [any InputFrontEnd]) {
        self.frontEnds = frontEnds
    }

    public func scan(_ request: ScanRequest) async -> ScanResult {
        var result = ScanResult()
        let discovery = InputDiscovery(frontEnds: frontEnds).discover(request.paths)
        result.problems += discovery.problems

        var units: [InputUnit] = []
        var textFiles: [String] = []
        for (frontEnd, files) in zip(frontEnds, discovery.claimed) {
            let plan = frontEnd.plan(files)
            result.problems += plan.problems
            units += plan.units
            textFiles += plan.textFiles
        }
        let loaded = await withTaskGroup(of: (Int, LoadedInput).self) { group in
            for (position, unit) in units.enumerated() {
                group.addTask { (position, unit.load()) }
            }
            var collected: [(Int, LoadedInput)] = []
            for await outcome in group { collected.append(outcome) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        // Secrets in plain text: in every file a front end read and in the other text files found, judged by the
        // secrets rules like any resource.
        var secrets: [Resource] = []
        var secretProblems: [Diagnostic] = []
        for file in textFiles + discovery.textFiles {
            let scanned = SecretFileScan.resources(in: file)
            secrets += scanned.resources
            if let problem = scanned.problem { secretProblems.append(problem) }
        }
        // Only the rules for the resource types found are read, unless the report describes every rule.
        let selection =
            request.describesEveryRule
            ? RuleSelection(rules: request.catalog.rules, errors: request.catalog.errors)
            : request.catalog.rules(applyingTo: Set((loaded.flatMap(\.resources) + secrets).map(\.type)))
        result.rules = selection.rules
        result.problems.insert(contentsOf: selection.errors.map { Diagnostic(.invalidRule, at: $0.location, $0.message) }, at: 0)
        let rules = selection.rules
        let findings = await withTaskGroup(of: (Int, [Finding]).self) { group in
            for (position, input) in loaded.enumerated() {
                group.addTask { (position, RuleEvaluator().evaluate(rules, over: ResourceIndex(input.resources, coverage: input.coverage))) }
            }
            var collected: [(Int, [Finding])] = []
            for await outcome in group { collected.append(outcome) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for (unit, (input, unitFindings)) in zip(units, zip(loaded, findings)) {
            result.files.append(unit.name)
            result.resources += input.resources
            result.findings += unitFindings
            result.problems += input.problems
        }
        if !secrets.isEmpty {
            result.resources += secrets
            result.findings += RuleEvaluator().evaluate(rules, over: ResourceIndex(secrets))
        }
        result.problems += secretProblems
        return result
    }
}
