import Foundation
import ScanTesting
import Testing

/// `scan`, `expand` and `build` as a new user meets them: file errors that say what is wrong, an empty scan, the
/// summary of a written report, `--quiet`, `--color`, standard input, and the help.
@Suite("scan command line: messages and flags")
struct ScanCommandLineTests {
    let cli = CommandLineTests()

    @Test("a missing --parameters or --config file says it does not exist")
    func missingFiles() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let missing = folder.url.appendingPathComponent("nope.parameters.json").path
        let scan = try cli.run(["scan", template, "--parameters", missing])
        #expect(scan.status == 2)
        #expect(scan.output.contains("\(missing):1:1: error: no such file; check the path"), "\(scan.output)")
        #expect(!scan.output.contains("permissions"))
        let expand = try cli.run(["expand", template, "--parameters", missing])
        #expect(expand.status == 2)
        let problem = #""file" : "\#(missing)",\#n      "line" : 1,\#n      "message" : "no such file; check the path""#
        #expect(expand.output.contains(problem), "\(expand.output)")
        let config = try cli.run(["scan", template, "--config", folder.url.appendingPathComponent("nope.yaml").path])
        #expect(config.status == 2)
        #expect(config.error.contains("nope.yaml:1:1: no such file") || config.output.contains("nope.yaml:1:1"), "\(config)")
        #expect(!(config.error + config.output).contains("UTF-8"))
    }

    @Test("expand of a folder says expand takes one file")
    func expandFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("t.json", Fixtures.accountTemplate())
        let result = try cli.run(["expand", folder.path])
        #expect(result.status == 2)
        #expect(result.error.contains("is a folder; expand takes one template file"))
        #expect(!result.error.contains("permissions"))
    }

    @Test("--output to a folder, or into a missing folder, says so (no Cocoa error number)")
    func outputToFolder() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let intoFolder = try cli.run(["scan", template, "--format", "sarif", "--output", folder.path])
        #expect(intoFolder.status == 2)
        #expect(intoFolder.error.contains("\(folder.path): is a folder; cannot write the report there"))
        #expect(!intoFolder.error.contains("NSCocoaErrorDomain"))
        let missingParent = folder.url.appendingPathComponent("no/such/report.json").path
        let intoMissing = try cli.run(["scan", template, "--format", "json", "--output", missingParent])
        #expect(intoMissing.status == 2)
        #expect(intoMissing.error.contains("the folder it goes in does not exist"))
        let bicep = try folder.write("main.bicep", Fixtures.accountBicep())
        let build = try cli.run(["build", bicep, "--output", folder.path])
        #expect(build.status == 2)
        #expect(build.error.contains("is a folder; cannot write the template there"))
    }

    @Test("a scan that read nothing warns; --fail-on-empty exits 2; --quiet leaves the warning out")
    func emptyScan() throws {
        let folder = try TemporaryFolder()
        try folder.write("notes.txt", "nothing to see")
        let plain = try cli.run(["scan", folder.path, "--format", "json"])
        #expect(plain.status == 0)
        #expect(plain.error.contains("warning: nothing was scanned"))
        let strict = try cli.run(["scan", folder.path, "--fail-on-empty"])
        #expect(strict.status == 2)
        #expect(strict.error.contains("nothing was scanned"))
        let quiet = try cli.run(["scan", folder.path, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.error.isEmpty)
        let template = try folder.write("t.json", Fixtures.accountTemplate(properties: #"{"disableLocalAuth": true}"#))
        let notEmpty = try cli.run(["scan", template, "--fail-on-empty", "--fail-on", "critical"])
        #expect(notEmpty.status == 0)
        #expect(!notEmpty.error.contains("nothing was scanned"))
    }

    @Test("--output prints a one-line summary on standard error, unless --quiet")
    func outputSummary() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let report = folder.url.appendingPathComponent("report.sarif").path
        let written = try cli.run(["scan", template, "--format", "sarif", "--output", report])
        #expect(written.status == 1)
        let line = try #require(written.error.split(separator: "\n").first { $0.hasPrefix("bulwark: wrote ") })
        #expect(line.contains("wrote \(report): "))
        #expect(line.contains(" failed finding"))
        #expect(line.hasSuffix(" in 1 file"), "\(line)")
        #expect(line.contains("high") || line.contains("medium") || line.contains("critical"))
        let quiet = try cli.run(["scan", template, "--format", "sarif", "--output", report, "--quiet"])
        #expect(quiet.status == 1)
        #expect(quiet.error.isEmpty)
    }

    @Test("--color always colours a piped table, never and auto (piped) do not")
    func colorChoice() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let escape = "\u{1B}["
        #expect(try cli.run(["scan", template, "--color", "always"]).output.contains(escape))
        #expect(try cli.run(["scan", template, "--color", "always"], environment: ["NO_COLOR": "1"]).output.contains(escape))
        #expect(!(try cli.run(["scan", template, "--color", "never"]).output.contains(escape)))
        #expect(!(try cli.run(["scan", template, "--color", "auto"]).output.contains(escape)))
        #expect(try cli.run(["scan", template, "--color", "sometimes"]).status == 2)
    }

    @Test("scan - reads one ARM or Bicep template from standard input; findings point at <stdin>")
    func standardInput() throws {
        for source in [Fixtures.accountTemplate(), Fixtures.accountBicep()] {
            let result = try cli.run(["scan", "-", "--format", "json"], input: Data(source.utf8))
            #expect(result.status == 1, "\(result.error)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            #expect((report["summary"] as? [String: Int])?["files"] == 1)
            let findings = try #require(report["findings"] as? [[String: Any]])
            #expect(!findings.isEmpty)
            for finding in findings {
                #expect((finding["resource"] as? [String: Any])?["file"] as? String == "<stdin>")
            }
            #expect(!result.output.contains("bulwark-stdin"), "the temporary file's name leaked")
        }
        let broken = try cli.run(["scan", "-"], input: Data("{".utf8))
        #expect(broken.status == 2)
        #expect(broken.output.contains("<stdin>:1:2"))
        #expect(try cli.run(["scan", "-", "."]).status == 2)
    }

    @Test("bulwark with no arguments exits 2 with the usage on standard error")
    func noArguments() throws {
        let result = try cli.run([])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("USAGE: bulwark"))
    }

    @Test("help: no default said twice, expand --format lists its values, top-level help has every command's exit codes")
    func help() throws {
        for command in [["scan"], ["expand"], ["build"], ["rules", "list"], ["guard", "train"]] {
            let help = try cli.run(command + ["--help"]).output
            // Each option's help, from its flag to the next: at most one "default".
            #expect(help.components(separatedBy: "default: 5").count <= 2, "\(command): --folds' default said twice")
            #expect(!help.contains("default 5"), "\(command)")
            for block in help.components(separatedBy: "\n  -") {
                #expect(block.components(separatedBy: "default").count <= 2, "\(command): \(block)")
            }
        }
        let expand = try cli.run(["expand", "--help"]).output
        #expect(expand.contains("values: json, table"))
        let top = try cli.run(["--help"]).output
        let exitCodes = try #require(top.components(separatedBy: "Exit codes.").last)
        let named = exitCodes.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0] }.joined(separator: ", ")
        for command in [
            "scan", "expand", "build", "rules", "keys", "usage", "gateway validate", "gateway serve", "audit verify",
            "guard check", "guard eval", "train",
        ] {
            #expect(named.contains(command), "\(command) is missing from \(named)")
        }
        #expect(!exitCodes.split(separator: "\n").contains { $0.count > 80 }, "the help is wrapped")
        #expect(top.contains("--generate-completion-script"))
    }
}

/// The Terraform flags of `scan` and `expand`, and the messages of scans that read nothing.
@Suite("scan command line: Terraform flags")
struct TerraformCommandLineTests {
    let cli = CommandLineTests()

    @Test("--var-file and --var are repeatable; a --var without NAME= is a usage error (exit 2) that does not echo the value")
    func variableFlags() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate(properties: #"{"disableLocalAuth": true}"#))
        let first = try folder.write("a.tfvars", "sku = \"S0\"\n")
        let second = try folder.write("b.tfvars.json", #"{"sku": "S1"}"#)
        let accepted = try cli.run([
            "scan", template, "--var-file", first, "--var-file", second, "--var", "sku=S0", "--var", "tags={a=1}",
            "--fail-on", "critical",
        ])
        #expect(accepted.status == 0, "\(accepted.error)")
        for command in ["scan", "expand"] {
            let malformed = try cli.run([command, template, "--var", "sku=S0", "--var", "hunter2-secret"])
            #expect(malformed.status == 2)
            #expect(malformed.error.contains("--var expects NAME=VALUE"))
            #expect(malformed.error.contains("the 2nd --var"))
            #expect(!malformed.error.contains("hunter2"), "a mistyped --var may be a secret")
            let noName = try cli.run([command, template, "--var", "=value"])
            #expect(noName.status == 2)
        }
    }

    @Test("a folder with nothing to read names every input kind and exits 0; one whose only input failed says so and exits 2")
    func emptyAndFailed() throws {
        let empty = try TemporaryFolder()
        try empty.write("notes.txt", "nothing to see")
        let nothing = try cli.run(["scan", empty.path])
        #expect(nothing.status == 0)
        #expect(nothing.error.contains("no ARM template, parameter file, .bicep file, Terraform configuration or plan"))
        let broken = try TemporaryFolder()
        try broken.write("broken.json", "{")
        let failed = try cli.run(["scan", broken.path])
        #expect(failed.status == 2)
        #expect(failed.error.contains("nothing was scanned: no input in \(broken.path) could be read (1 input error)"))
        #expect(!failed.error.contains("--fail-on-empty"))
    }
}
