import ArgumentParser
import Foundation
import Reports
import ARMTemplates
import BicepFrontEnd

struct ExpandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract: "Print a template's (or a .bicep file's) resources after expansion, as Azure Resource Manager would deploy them.",
        discussion: "Exit code 2 when the template cannot be evaluated at all; warnings and notes never change it."
    )

    @Argument(help: ArgumentHelp("The template (ARM JSON, .bicep or .bicepparam) to expand.", valueName: "TEMPLATE"))
    var template: String

    @Option(help: ArgumentHelp("A parameter file (JSON or .bicepparam) for the template.", valueName: "FILE"))
    var parameters: String?

    @Option(help: "Output format.")
    var format: Format = .json

    @OptionGroup var deployment: DeploymentOptions

    @OptionGroup(title: "Bicep") var bicep: BicepOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case table
    }

    func validate() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: template, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("\(template) is a folder; expand takes one template file (use `bulwark scan` for a folder)")
        }
    }

    func run() throws {
        let bicepFrontEnd = BicepFrontEnd(context: deployment.context, settings: bicep.settings)
        let expansion =
            bicepFrontEnd.claims(template)
            ? bicepFrontEnd.expand(template, parameters: parameters)
            : ARMFrontEnd(context: deployment.context).expand(template: template, parameters: parameters)
        switch format {
        case .json: FileHandle.standardOutput.write(try ExpansionReport().json(expansion) + Data("\n".utf8))
        case .table: FileHandle.standardOutput.write(Data(ExpansionReport().table(expansion).utf8))
        }
        if expansion.problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
    }
}
