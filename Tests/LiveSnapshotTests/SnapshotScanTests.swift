import ARMTemplates
import Foundation
import LiveSnapshot
import PostureModel
import RuleEngine
import ScanTesting
import Scanning
import SourceModel
import Testing

@Suite("Scanning a snapshot folder")
struct SnapshotScanTests {
    /// The scanner as `bulwark scan` wires it: ARM first, yielding a snapshot's files to the snapshot front end.
    static func scanner() -> Scanning.Scanner {
        let snapshot = SnapshotFrontEnd()
        return Scanning.Scanner(frontEnds: [ARMFrontEnd(yields: { snapshot.claims($0) }), snapshot])
    }

    static func scan(_ paths: [String]) async -> ScanResult {
        await scanner().scan(ScanRequest(paths: paths, catalog: .builtIn(), describesEveryRule: false))
    }

    @Test("the built-in rules judge a snapshot, and a finding points at its record's line in resources.jsonl")
    func judgesSnapshot() async throws {
        let folder = try TemporaryFolder()
        try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path)
        let result = await Self.scan([folder.path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.files == [folder.path + "/manifest.json"])
        let finding = try #require(result.findings.first { $0.ruleID == "BW-AI-001" })
        #expect(finding.status == .fail)
        #expect(finding.resource.id == SnapshotFixtures.account)
        #expect(finding.location.file == folder.path + "/arm/resources.jsonl")
        // Sorted by id, the account is the first line; the deciding value sits on it.
        #expect(finding.location.line == 1)
        let line = SnapshotFixtures.text(folder.path + "/arm/resources.jsonl").split(separator: "\n")[0]
        let column = line.distance(from: line.startIndex, to: try #require(line.range(of: "\"disableLocalAuth\":false")).lowerBound) + 1
        #expect(finding.location.column == column + "\"disableLocalAuth\":".count)
        #expect(result.resources.allSatisfy { $0.origin == .live })
    }

    @Test("a live scan from memory and a scan of its snapshot judge the same resources alike")
    func sameVerdicts() async throws {
        let content = try SnapshotFixtures.estate(collectors: [
            CollectorReport(name: "graph-conditional-access", status: .complete, types: ["Microsoft.Graph/conditionalAccessPolicies"])
        ])
        let folder = try TemporaryFolder()
        try SnapshotWriter.write(content, to: folder.path)
        let fromFolder = await Self.scan([folder.path])
        let live = SnapshotLoading.load(content, origin: "live")
        let rules = RuleCatalog.builtIn().rules(applyingTo: Set(live.resources.map(\.type))).rules
        let liveFindings = RuleEvaluator().evaluate(rules, over: ResourceIndex(live.resources, coverage: live.coverage))
        func verdicts(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.ruleID) \($0.resource.id) \($0.status.rawValue)" }.sorted()
        }
        #expect(!liveFindings.isEmpty)
        #expect(verdicts(liveFindings) == verdicts(fromFolder.findings))
        #expect(Set(live.resources.map(\.id)) == Set(fromFolder.resources.map(\.id)))
    }

    @Test("collected values are not reported as committed secrets, and the manifest is not read as a template")
    func notSecretsNorTemplates() async throws {
        let connection =
            "DefaultEndpointsProtocol=https;AccountName=stprod;AccountKey=\(String(repeating: "Ab3+", count: 21))Ab==;EndpointSuffix=core.windows.net"
        var content = try SnapshotFixtures.estate()
        content.armResources.append(
            try SnapshotFixtures.record(
                #"{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Web/sites/app", "type": "Microsoft.Web/sites", "name": "app", "properties": {"siteConfig": {"appSettings": [{"name": "Storage", "value": "\#(connection)"}]}}}"#
            ))
        // The same text in a committed file is a secret finding: the check below could fail.
        let committed = try TemporaryFolder()
        try committed.write("settings.txt", "Storage=\(connection)\n")
        #expect(await Self.scan([committed.path]).resources.contains { $0.origin == .sourceFile })
        let folder = try TemporaryFolder()
        try SnapshotWriter.write(content, to: folder.path)
        let result = await Self.scan([folder.path])
        #expect(!result.resources.contains { $0.origin == .sourceFile })
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.files == [folder.path + "/manifest.json"])
    }

    @Test("a snapshot with a changed file is an error the scan exits 2 for, naming the file")
    func changedFileExitsTwo() async throws {
        let folder = try TemporaryFolder()
        try SnapshotWriter.write(try SnapshotFixtures.estate(), to: folder.path)
        try folder.write("graph/objects.jsonl", "{}\n")
        let result = await Self.scan([folder.path])
        #expect(result.findings.isEmpty)
        #expect(result.errors.map(\.location.file) == [folder.path + "/graph/objects.jsonl"])
        #expect(result.exitCode(failOn: .high) == 2)
    }

    @Test("a manifest.json that is not a snapshot's is still the ARM front end's, and naming the manifest scans its snapshot")
    func otherManifests() async throws {
        let folder = try TemporaryFolder()
        let app = try folder.write("app/manifest.json", #"{"name": "my app", "start_url": "/"}"#)
        #expect(!SnapshotFrontEnd().claims(app))
        let snapshot = folder.path + "/snap"
        try SnapshotWriter.write(try SnapshotFixtures.estate(), to: snapshot)
        #expect(SnapshotFrontEnd().claims(snapshot + "/manifest.json"))
        #expect(SnapshotFrontEnd().claims(snapshot + "/arm/resources.jsonl"))
        #expect(!SnapshotFrontEnd().claims(folder.path + "/app/arm/resources.jsonl"))
        let named = await Self.scan([snapshot + "/manifest.json"])
        #expect(named.findings.contains { $0.ruleID == "BW-AI-001" && $0.status == .fail })
        let walked = await Self.scan([folder.path])
        #expect(walked.files == [snapshot + "/manifest.json"])
        #expect(walked.errors.isEmpty, "\(walked.errors)")
    }
}
