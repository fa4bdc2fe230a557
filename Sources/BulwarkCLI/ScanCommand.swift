public import ArgumentParser
import Foundation
public import PostureModel
import Reports
import Scanning

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case sarif
}

extension Severity: ExpressibleByArgument {}

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan ARM templates (and their parameter files) and Bicep files against the rules.",
        discussion: """
            Files named on the command line must be deployment templates or .bicep files. Folders are walked: \
            templates are recognised by content, `x.parameters.json` is paired with `x.json`, `.bicep` files are \
            compiled (a file another scanned .bicep uses as a module is judged through it), a .bicepparam file \
            deploys its `using` template with its values (judged once per parameter file), and other files are \
            skipped (listed with --verbose).
            """
    )

    @Argument(help: ArgumentHelp("Template files or folders to scan.", valueName: "PATH"))
    var paths: [String]

    @Option(help: ArgumentHelp("A parameter file (JSON or .bicepparam) for the templates named on the command line.", valueName: "FILE"))
    var parameters: String?

    @Option(help: "Report format: table, json or sarif.")
    var format: ReportFormat = .table

    @Option(help: ArgumentHelp("Write the report to a file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 1 when a finding of this severity or higher fails: critical, high, medium, low or info.", valueName: "SEVERITY"))
    var failOn: Severity = .low

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Deployment context") var deployment: DeploymentOptions

    @OptionGroup(title: "Bicep") var bicep: BicepOptions

    @Flag(name: .shortAndLong, help: "Also list passing checks and skipped files.")
    var verbose = false

    func run() async throws {
        let frontEnds = FrontEnds.scanning(paths: paths, parameterFile: parameters, deployment: deployment, bicep: bicep)
        // Only SARIF describes every rule; the other reports read just the rules the resources found need.
        let request = ScanRequest(paths: paths, catalog: ruleOptions.catalog(), describesEveryRule: format == .sarif)
        let result = await Scanner(frontEnds: frontEnds).scan(request)
        let report: Data
        do {
            switch format {
            case .json: report = try JSONReport().render(result) + Data("\n".utf8)
            case .sarif: report = try SARIFReport().render(result) + Data("\n".utf8)
            case .table:
                let color = output == nil && Terminal.supportsColor
                report = Data(TableReport(useColor: color, verbose: verbose).render(result).utf8)
            }
        } catch {
            printError("bulwark: cannot write the \(format.rawValue) report: \(error)")
            throw ExitCode(2)
        }
        if let output {
            do {
                try report.write(to: URL(fileURLWithPath: output))
            } catch {
                printError("bulwark: cannot write the report to \(output): \(error.localizedDescription)")
                throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(report)
        }
        // Machine formats keep standard output clean; input errors also go to standard error.
        if format != .table || output != nil {
            for problem in result.errors { printError(problem.description) }
        }
        let code = result.exitCode(failOn: failOn)
        if code != 0 { throw ExitCode(code) }
    }
}

enum Terminal {
    /// Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or TERM is dumb.
    static var supportsColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}
