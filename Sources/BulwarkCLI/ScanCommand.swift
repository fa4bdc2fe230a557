public import ArgumentParser
import Foundation
public import PostureModel
import Baselines
import Reports
import Scanning
import SourceModel

extension Severity: ExpressibleByArgument {}

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan templates, Terraform, snapshots or a live Azure estate against the rules.",
        discussion: """
            Files named on the command line must be deployment templates or .bicep files. Folders are walked: \
            templates are recognised by content, `x.parameters.json` is paired with `x.json`, `.bicep` files are \
            compiled (a file another scanned .bicep uses as a module is judged through it), a .bicepparam file \
            deploys its `using` template with its values (judged once per parameter file), and other files are \
            skipped (listed with --verbose). A snapshot folder written by `bulwark collect` is judged offline. With \
            --subscription or --management-group, the live estate (and its Entra tenant) is collected and judged \
            directly, with the verdicts a scan of its snapshot would give (see docs/live.md).
            """
    )

    @Argument(help: ArgumentHelp("Template files or folders to scan; - reads one template from standard input.", valueName: "PATH"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("A parameter file (JSON or .bicepparam) for the templates named on the command line.", valueName: "FILE"))
    var parameters: String?

    @OptionGroup(title: "Reports") var reporting: ReportOptions

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp("Exit 1 when a finding of this severity or higher fails.", valueName: "SEVERITY"))
    var failOn: Severity = .low

    @Flag(name: .customLong("fail-on-empty"), help: "Exit 2 when the scan read no input at all (for CI).")
    var failOnEmpty = false

    @Option(help: "Colour the table report; auto colours a terminal when NO_COLOR is unset.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Only the report: no warnings or summary on standard error (errors still are).")
    var quiet = false

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Suppressions") var suppressions: SuppressionOptions

    @OptionGroup(title: "Deployment context") var deployment: DeploymentOptions

    @OptionGroup(title: "Bicep") var bicep: BicepOptions

    @OptionGroup(title: "Terraform") var terraform: TerraformOptions

    @OptionGroup(title: "Live Azure") var live: LiveOptions

    @OptionGroup(title: "Baselines") var baselines: BaselineOptions

    @OptionGroup(title: "Nessus") var nessus: NessusOptions

    @Flag(name: .shortAndLong, help: "Also list passing checks and skipped files.")
    var verbose = false

    func validate() throws {
        if paths.isEmpty && !live.namesScope && nessus.files.isEmpty {
            throw ValidationError(
                "name the templates or folders to scan, a live scope with --subscription or --management-group, or --nessus results")
        }
        if paths.contains("-") && paths.count > 1 {
            throw ValidationError("- (standard input) is one template: give it alone, without other paths")
        }
    }

    func run() async throws {
        let reportTargets: [ReportOptions.Target]
        do throws(ReportOptions.Invalid) {
            reportTargets = try reporting.targets()
        } catch {
            printError("bulwark: \(error)")
            throw ExitCode(2)
        }
        if let problem = baselines.writeProblem {
            printError("bulwark: \(problem)")
            throw ExitCode(2)
        }
        let comparison: BaselineComparison?
        do throws(BaselineFileError) {
            comparison = try baselines.comparison()
        } catch {
            printError("bulwark: \(error)")
            throw ExitCode(2)
        }
        var stdinFile: String?
        if paths == ["-"] {
            do {
                stdinFile = try StandardInput(bytes: FileHandle.standardInput.readDataToEndOfFile()).materialize()
            } catch {
                printError("bulwark: cannot hold standard input in a temporary file: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        defer { if let stdinFile { StandardInput.remove(stdinFile) } }
        let scanned = stdinFile.map { [$0] } ?? paths
        var frontEnds = FrontEnds.scanning(
            paths: scanned, parameterFile: parameters, deployment: deployment, bicep: bicep,
            terraform: TerraformWiring.frontEnd(inputs: terraform.inputs))
        if live.namesScope {
            // Collected first, then judged with the other inputs; nothing is written.
            let content = try await LiveWiring.collect(live, quiet: quiet)
            frontEnds.append(CollectedEstate(content: content, name: LiveWiring.scopeName(live)))
        }
        // Only SARIF describes every rule; the other reports read just the rules the resources found need.
        let catalog = ruleOptions.catalog()
        let request = ScanRequest(paths: scanned, catalog: catalog, describesEveryRule: reporting.describesEveryRule)
        var result = await Scanner(frontEnds: frontEnds).scan(request)
        result = nessus.merge(into: result, ruleOptions: ruleOptions)
        result = suppressions.apply(to: result, projectFile: ruleOptions.projectFilePath, catalog: catalog)
        if let stdinFile { result = result.renamingFile(stdinFile, to: StandardInput.name) }
        if let comparison { result = comparison.apply(to: result) }
        if let failure = baselines.write(result) {
            printError("bulwark: \(failure)")
            throw ExitCode(2)
        }
        let context = ReportWriting.context(
            paths: paths, liveScope: live.namesScope ? LiveWiring.scopeName(live) : nil, ruleFolders: ruleOptions.ruleFolders)
        let useColor = color.enabled(forTerminal: reporting.output == nil && Terminal.isTerminal(STDOUT_FILENO))
        guard
            ReportWriting.write(result, options: reporting, targets: reportTargets, context: context, useColor: useColor, verbose: verbose)
        else { throw ExitCode(2) }
        // Machine formats keep standard output clean; input errors also go to standard error.
        if reporting.format != .table || reporting.output != nil {
            for problem in result.errors { printError(problem.description) }
        }
        let readNothing = ScanSummaryLine.readNothing(result)
        if !quiet {
            if let output = reporting.output { printError("bulwark: " + ScanSummaryLine.wrote(output, result)) }
            if readNothing { printError("bulwark: " + ScanSummaryLine.nothingRead(paths: paths, errors: result.errors.count)) }
        }
        let code = failOnEmpty && readNothing ? 2 : result.exitCode(failOn: failOn)
        // The process ends here rather than free a large scan's model (100,000 resources and their findings) one
        // object at a time on the way out, which took a sixth of such a scan; the report is already written.
        Foundation.exit(code)
    }
}

/// `--color`: whether the table report uses ANSI colours.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// `auto` colours a terminal unless NO_COLOR is set (https://no-color.org) or TERM is dumb.
    func enabled(forTerminal isTerminal: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
}

enum Terminal {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }
}
