import ArgumentParser
import Foundation
import Reports
import ARMTemplates

struct ExpandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract: "Print a template's resources after expansion, as Azure Resource Manager would deploy them.",
        discussion: "Exit code 2 when the template cannot be evaluated at all; warnings and notes never change it."
    )

    @Argument(help: ArgumentHelp("The template to expand.", valueName: "TEMPLATE"))
    var template: String

    @Option(help: ArgumentHelp("A parameter file for the template.", valueName: "FILE"))
    var parameters: String?

    @Option(help: "json or table.")
    var format: Format = .json

    @OptionGroup var deployment: DeploymentOptions

    enum Format: String, ExpressibleByArgument {
        case json
        case table
    }

    func run() throws {
        let expansion = ARMFrontEnd(context: deployment.context).expand(template: template, parameters: parameters)
        switch format {
        case .json: FileHandle.standardOutput.write(try ExpansionReport().json(expansion) + Data("\n".utf8))
        case .table: FileHandle.standardOutput.write(Data(ExpansionReport().table(expansion).utf8))
        }
        if expansion.problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
    }
}
