import Foundation
import ScanTesting
import Testing

/// `--report FORMAT=PATH`: several reports from one scan, checked before scanning, written all or not at all.
@Suite("scan command line: --report")
struct ReportCommandLineTests {
    let cli = CommandLineTests()

    func files(in folder: TemporaryFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("every format named is written beside --format/--output, and no temporary file stays")
    func severalReports() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let out = folder.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let path = { (name: String) in out.appendingPathComponent(name).path }
        let run = try cli.run([
            "scan", template, "--report", "junit=\(path("results.xml"))", "--report", "markdown=\(path("summary.md"))",
            "--report", "csv=\(path("findings.csv"))", "--report", "gitlab=\(path("gl-sast-report.json"))",
            "--report", "sarif=\(path("bulwark.sarif"))", "--format", "json", "--output", path("report.json"),
        ])
        #expect(run.status == 1, "\(run.error)")
        #expect(run.output.isEmpty)
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["bulwark.sarif", "findings.csv", "gl-sast-report.json", "report.json", "results.xml", "summary.md"])
        let junit = try String(contentsOfFile: path("results.xml"), encoding: .utf8)
        #expect(junit.hasPrefix("<?xml") && junit.contains("<failure "))
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("bulwark.sarif"))) as? [String: Any])
        let rules =
            (((sarif["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [Any]
        #expect((rules?.count ?? 0) > 20, "a SARIF report among others still describes every rule")
        #expect(try String(contentsOfFile: path("summary.md"), encoding: .utf8).hasPrefix("## Bulwark scan"))
    }

    @Test("an unknown format or a malformed --report is exit 2 before scanning, and nothing is written")
    func unknownFormat() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let json = folder.url.appendingPathComponent("r.json").path
        let unknown = try cli.run(["scan", template, "--report", "json=\(json)", "--report", "yaml=\(folder.path)/r.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("--report yaml=\(folder.path)/r.yaml: unknown format 'yaml'; expected one of table, json, sarif"))
        #expect(unknown.output.isEmpty)
        let noEquals = try cli.run(["scan", template, "--report", "json"])
        #expect(noEquals.status == 2 && noEquals.error.contains("expected FORMAT=PATH"))
        #expect(try files(in: folder) == ["t.json"])
    }

    @Test("a path in a missing folder, a folder, or one named twice is exit 2, and no report or temporary file is written")
    func unwritable() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let good = folder.url.appendingPathComponent("good.json").path
        let missing = try cli.run(["scan", template, "--report", "json=\(good)", "--report", "csv=\(folder.path)/no/such/f.csv"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("\(folder.path)/no/such/f.csv: cannot write the report: the folder it goes in does not exist"))
        let intoFolder = try cli.run(["scan", template, "--report", "json=\(good)", "--report", "junit=\(folder.path)"])
        #expect(intoFolder.status == 2 && intoFolder.error.contains("is a folder; cannot write the report there"))
        let twice = try cli.run(["scan", template, "--report", "json=\(good)", "--report", "csv=\(good)"])
        #expect(twice.status == 2 && twice.error.contains("named for two reports"))
        #expect(try files(in: folder) == ["t.json"])
    }
}
