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
        var result = ScanResult(rules: request.catalog.rules)
        result.problems += request.catalog.errors.map {
            Diagnostic(.invalidRule, at: $0.location, $0.message)
        }
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
        let rules = request.catalog.rules
        let outcomes = await withTaskGroup(of: (Int, UnitOutcome).self) { group in
            for (position, unit) in units.enumerated() {
                group.addTask { (position, Self.judge(unit, rules: rules)) }
            }
            var collected: [(Int, UnitOutcome)] = []
            for await outcome in group { collected.append(outcome) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for outcome in outcomes {
            result.files.append(outcome.name)
            result.resources += outcome.loaded.resources
            result.findings += outcome.findings
            result.problems += outcome.loaded.problems
        }
        // Secrets in plain text: in every file a front end read and in the other text files found, judged by the
        // secrets rules like any resource.
        var secrets: [Resource] = []
        for file in textFiles + discovery.textFiles {
            let scanned = SecretFileScan.resources(in: file)
            secrets += scanned.resources
            if let problem = scanned.problem { result.problems.append(problem) }
        }
        if !secrets.isEmpty {
            result.resources += secrets
            result.findings += RuleEvaluator().evaluate(rules, over: ResourceIndex(secrets))
        }
        return result
    }

    struct UnitOutcome: Sendable {
        var name: String
        var loaded: LoadedInput
        var findings: [Finding]
    }

    static func judge(_ unit: InputUnit, rules: [Rule]) -> UnitOutcome {
        let loaded = unit.load()
        let findings = RuleEvaluator().evaluate(rules, over: ResourceIndex(loaded.resources))
        return UnitOutcome(name: unit.name, loaded: loaded, findings: findings)
    }
}
