import Foundation
import ScanTesting
import Testing

/// `--write-baseline` and `--baseline` through the binary, on ARM, Bicep and Terraform: a recorded run passes, a new
/// failure fails it, and a file that is not a baseline stops the run with exit 2.
@Suite("scan command line: baselines")
struct BaselineCommandLineTests {
    let cli = CommandLineTests()

    static let terraformAccount = """
        resource "azurerm_cognitive_account" "openai" {
          name                = "acct"
          location            = "swedencentral"
          resource_group_name = "rg"
          kind                = "OpenAI"
          sku_name            = "S0"
          local_auth_enabled  = true
        }

        """

    /// Records the failures of `folder`, checks that the same input passes against them, then writes `added` and
    /// checks that the run fails again, on the new resource only.
    func adopt(_ folder: TemporaryFolder, file: String, added: String) throws {
        let baseline = folder.url.appendingPathComponent("baseline.json").path
        let first = try cli.run(["scan", folder.path, "--format", "json", "--write-baseline", baseline, "--quiet"])
        #expect(first.status == 1, "\(first.error)")
        let recorded = try #require(FileManager.default.contents(atPath: baseline))
        let text = try #require(String(data: recorded, encoding: .utf8))
        #expect(text.contains("\"bulwarkBaseline\": 1"))
        #expect(text.contains("BW-AI-001"))

        let again = try cli.run(["scan", folder.path, "--baseline", baseline, "--quiet"])
        #expect(again.status == 0, "every failure is in the baseline: \(again.output)")

        _ = try folder.write(file, added)
        let grown = try cli.run(["scan", folder.path, "--baseline", baseline, "--format", "json", "--quiet"])
        #expect(grown.status == 1, "a new resource fails: \(grown.error)")
    }

    @Test("ARM: a recorded scan passes against its baseline; a new resource fails it")
    func arm() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.json", Fixtures.accountTemplate())
        try adopt(folder, file: "second.json", added: Fixtures.accountTemplate(name: "second"))
    }

    @Test("Bicep: a recorded scan passes against its baseline; a new resource fails it")
    func bicep() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.bicep", Fixtures.accountBicep())
        try adopt(folder, file: "second.bicep", added: Fixtures.accountBicep(name: "second"))
    }

    @Test("Terraform: a recorded scan passes against its baseline, also reformatted; a new block fails it")
    func terraform() throws {
        let folder = try TemporaryFolder()
        try folder.write("main.tf", Self.terraformAccount)
        let baseline = folder.url.appendingPathComponent("baseline.json").path
        #expect(try cli.run(["scan", folder.path, "--write-baseline", baseline, "--quiet"]).status == 1)
        try folder.write("main.tf", "# moved down\n\n" + Self.terraformAccount.replacingOccurrences(of: "  ", with: "    "))
        let moved = try cli.run(["scan", folder.path, "--baseline", baseline, "--quiet"])
        #expect(moved.status == 0, "reformatting changes no fingerprint: \(moved.output)")
        try folder.write("second.tf", Self.terraformAccount.replacingOccurrences(of: "\"openai\"", with: "\"second\""))
        #expect(try cli.run(["scan", folder.path, "--baseline", baseline, "--quiet"]).status == 1)
    }

    @Test("a baseline that is not one, is of another format, or is missing: exit 2 before scanning, with where and why")
    func badBaselines() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", Fixtures.accountTemplate())
        let report = try folder.write("report.json", #"{"version": 1, "findings": []}"#)
        let notBaseline = try cli.run(["scan", template, "--baseline", report])
        #expect(notBaseline.status == 2)
        #expect(notBaseline.error.contains("\(report):1:1: not a baseline"), "\(notBaseline.error)")
        #expect(notBaseline.output.isEmpty, "nothing is scanned")

        let newer = try folder.write("newer.json", #"{"bulwarkBaseline": 7, "entries": []}"#)
        let incompatible = try cli.run(["scan", template, "--baseline", newer])
        #expect(incompatible.status == 2)
        #expect(incompatible.error.contains("baseline format 7 is not one this bulwark reads"), "\(incompatible.error)")

        let missing = try cli.run(["scan", template, "--baseline", folder.url.appendingPathComponent("none.json").path])
        #expect(missing.status == 2)
        #expect(missing.error.contains("no such file"), "\(missing.error)")
    }

    @Test("--write-baseline into a missing folder: exit 2 before the scan, and nothing is left behind")
    func unwritableBaseline() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", Fixtures.accountTemplate())
        let target = folder.url.appendingPathComponent("no/such/baseline.json").path
        let result = try cli.run(["scan", template, "--write-baseline", target])
        #expect(result.status == 2)
        #expect(result.error.contains("cannot write the baseline: the folder it goes in does not exist"), "\(result.error)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == ["main.json"])
        #expect(result.output.isEmpty, "checked before the scan: nothing is scanned")
    }

    @Test("reports and baselines written to /dev/null go into the device, which stays a device")
    func deviceTargets() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("main.json", Fixtures.accountTemplate())
        let result = try cli.run([
            "scan", template, "--format", "sarif", "--output", "/dev/null", "--write-baseline", "/dev/null", "--quiet",
        ])
        #expect(result.status == 1, "\(result.error)")
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial, "a rename over /dev/null would have made it a regular file")
    }
}
