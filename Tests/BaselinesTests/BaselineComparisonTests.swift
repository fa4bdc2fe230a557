import Baselines
import Foundation
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// Scans compared with a baseline: unchanged failures do not fail the run, new ones do, fixed ones are listed, and
/// moving or reformatting the code changes nothing.
@Suite("Scans against a baseline")
struct BaselineComparisonTests {
    static let catalog = RuleCatalog.builtIn()

    func scan(_ paths: [String]) async -> ScanResult {
        await Scanner.standard().scan(ScanRequest(paths: paths, catalog: Self.catalog))
    }

    /// Scans `first`, records its failures, then scans `second` (written over the same file) against them.
    func compare(file name: String, first: String, second: String) async throws -> (before: ScanResult, after: ScanResult) {
        let folder = try TemporaryFolder()
        let path = try folder.write(name, first)
        let before = await scan([path])
        #expect(before.errors.isEmpty, "\(before.errors)")
        let baseline = try BaselineFile.read(try folder.write("baseline.json", BaselineFile(recording: before.findings).rendered()))
        _ = try folder.write(name, second)
        let after = BaselineComparison(baseline).apply(to: await scan([path]))
        #expect(after.errors.isEmpty, "\(after.errors)")
        return (before, after)
    }

    @Test("ARM: a reformatted template with its lines moved has only unchanged failures, and the run passes")
    func armReformatted() async throws {
        let template = Fixtures.accountTemplate()
        let moved = "\n\n" + template.replacingOccurrences(of: "\n", with: "\n\n").replacingOccurrences(of: ": ", with: " :  ")
        let (before, after) = try await compare(file: "main.json", first: template, second: moved)
        #expect(before.exitCode(failOn: .low) == 1)
        let failures = after.findings.filter { $0.status == .fail }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.baseline == .unchanged })
        #expect(after.fixed == [])
        #expect(after.summary.new == 0 && after.summary.fixed == 0 && after.summary.unchanged == failures.count)
        #expect(after.exitCode(failOn: .low) == 0)
        #expect(after.findings.filter { $0.status == .pass }.allSatisfy { $0.baseline == nil })
    }

    @Test("ARM: a fixed failure is listed as fixed, and a new resource's failures are new and fail the run")
    func armFixedAndNew() async throws {
        let first = Fixtures.accountTemplate(properties: #"{"disableLocalAuth": false}"#)
        let second = Fixtures.accountTemplate(properties: #"{"disableLocalAuth": true}"#)
        let (_, fixedOnly) = try await compare(file: "main.json", first: first, second: second)
        #expect(fixedOnly.fixed?.map(\.ruleId) == ["BW-AI-001"])
        #expect(fixedOnly.exitCode(failOn: .low) == 0)

        let withNew = second.replacingOccurrences(
            of: "\n  ]",
            with: """
                ,
                    {"type": "Microsoft.CognitiveServices/accounts", "apiVersion": "2024-10-01", "name": "second", "kind": "OpenAI",
                     "properties": {"disableLocalAuth": false}}
                  ]
                """)
        let (_, added) = try await compare(file: "main.json", first: first, second: withNew)
        let new = added.findings.filter { $0.baseline == .new }
        #expect(!new.isEmpty)
        #expect(new.allSatisfy { $0.resource.name == "second" })
        #expect(added.exitCode(failOn: .low) == 1)
        #expect(
            added.exitCode(failOn: .critical)
                == (new.contains { finding in
                    Self.catalog.rules.first { $0.id == finding.ruleID }?.severity == .critical
                } ? 1 : 0))
    }

    @Test("Bicep: moving a resource down the file keeps its failures unchanged")
    func bicepMoved() async throws {
        let bicep = Fixtures.accountBicep()
        let moved = "// the account\n\n\n" + bicep.replacingOccurrences(of: "  ", with: "    ")
        let (_, after) = try await compare(file: "main.bicep", first: bicep, second: moved)
        let failures = after.findings.filter { $0.status == .fail }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.baseline == .unchanged })
        #expect(after.exitCode(failOn: .low) == 0)
    }

    @Test("a recorded failure that is now suppressed or undecided is neither new nor fixed")
    func suppressedIsNotFixed() {
        let failing = BaselineFileTests.finding("BW-AI-001", name: "a")
        let baseline = BaselineFile(recording: [failing])
        var suppressed = failing
        suppressed.status = .suppressed
        var undecided = failing
        undecided.status = .unknown
        for finding in [suppressed, undecided] {
            let result = BaselineComparison(baseline).apply(to: ScanResult(findings: [finding]))
            #expect(result.fixed == [])
            #expect(result.findings[0].baseline == nil)
            #expect(result.exitCode(failOn: .low) == 0)
        }
        var passing = failing
        passing.status = .pass
        #expect(BaselineComparison(baseline).apply(to: ScanResult(findings: [passing])).fixed?.count == 1)
        #expect(ScanResult(findings: [passing]).summary.fixed == nil, "no baseline, no fixed count")
    }
}
