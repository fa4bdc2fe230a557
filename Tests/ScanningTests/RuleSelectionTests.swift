import Foundation
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

/// A scan whose report does not describe every rule (`bulwark scan` in table or JSON format) reads only the rules
/// for the resource types it found; it must judge exactly as a scan with every rule.
@Suite("Scans that read only the rules they need")
struct RuleSelectionTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples").path

    /// One set of parameter values (one "now" for `daysAgo` operands), so rules read in two scans are equal.
    static let parameters = RuleParameters.defaults()

    static func scan(_ paths: [String], everyRule: Bool, catalog: RuleCatalog = .builtIn(parameters: parameters)) async -> ScanResult {
        await Scanner.standard().scan(ScanRequest(paths: paths, catalog: catalog, describesEveryRule: everyRule))
    }

    @Test("the examples give the same findings, resources and problems with only the rules they need")
    func sameFindings() async {
        let full = await Self.scan([Self.examples], everyRule: true)
        let selected = await Self.scan([Self.examples], everyRule: false)
        #expect(!selected.findings.isEmpty)
        #expect(selected.findings == full.findings)
        #expect(selected.resources == full.resources)
        #expect(selected.problems == full.problems)
        #expect(selected.files == full.files)
        #expect(selected.exitCode(failOn: .low) == full.exitCode(failOn: .low))
        let types = Set(selected.resources.map(\.type))
        #expect(selected.rules == full.rules.filter { rule in rule.applicability.types.contains(where: types.contains) })
        #expect(selected.rules.count < full.rules.count)
        #expect(Set(selected.findings.map(\.ruleID)).isSubset(of: Set(selected.rules.map(\.id))))
    }

    @Test("an empty folder needs no rules; with every rule the result lists them all")
    func emptyFolder() async throws {
        let folder = try TemporaryFolder()
        let selected = await Self.scan([folder.path], everyRule: false)
        #expect(selected.rules.isEmpty)
        #expect(selected.findings.isEmpty && selected.problems.isEmpty)
        let full = await Self.scan([folder.path], everyRule: true)
        #expect(full.rules == RuleCatalog.builtIn(parameters: Self.parameters).rules)
    }

    @Test("problems in a user's rule files are reported whatever the selection, first, with file:line:column")
    func userRuleErrors() async throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "rules/bad.yaml",
            """
            rules:
              - id: BW-MINE-001
                title: [not, a, string]
            """)
        try folder.write("input/main.json", Fixtures.accountTemplate())
        var catalog = RuleCatalog.builtIn()
        catalog.addRules(inFolder: folder.url.appendingPathComponent("rules"))
        let result = await Self.scan([folder.url.appendingPathComponent("input").path], everyRule: false, catalog: catalog)
        let first = try #require(result.problems.first)
        #expect(first.code == .invalidRule)
        #expect(first.location.file.hasSuffix("bad.yaml"))
        #expect(first.location.line == 3)
        #expect(result.findings.contains { $0.ruleID == "BW-AI-001" })
    }
}
