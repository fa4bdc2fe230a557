import ArgumentParser
import Foundation
import Reports
import ARMTemplates
import BicepFrontEnd
import TerraformFrontEnd

struct ExpandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expand",
        abstract: "Print a template's (or a .bicep file's) resources after expansion, as Azure Resource Manager would deploy them.",
        discussion: """
            A Terraform root module (its folder) or plan (terraform show -json output) is evaluated and mapped, and its \
            resources are listed with their Terraform addresses and unknowns. Exit code 2 when the input cannot be \
            evaluated at all; warnings and notes never change it.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The template (ARM JSON, .bicep or .bicepparam), Terraform root module folder or plan to expand.", valueName: "TEMPLATE"))
    var template: String

    @Option(help: ArgumentHelp("A parameter file (JSON or .bicepparam) for the template.", valueName: "FILE"))
    var parameters: String?

    @Option(help: "Output format.")
    var format: Format = .json

    @OptionGroup var deployment: DeploymentOptions

    @OptionGroup(title: "Bicep") var bicep: BicepOptions

    @OptionGroup(title: "Terraform") var terraform: TerraformOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case table
    }

    func validate() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: template, isDirectory: &isFolder), isFolder.boolValue,
            !TerraformFrontEnd.holdsConfiguration(template)
        {
            throw ValidationError(
                "\(template) is a folder; expand takes one template file or a Terraform root module's folder (use `bulwark scan` for a folder)"
            )
        }
    }

    func run() throws {
        let bicepFrontEnd = BicepFrontEnd(context: deployment.context, settings: bicep.settings)
        let terraformFrontEnd = TerraformWiring.frontEnd(inputs: terraform.inputs)
        var isFolder: ObjCBool = false
        let expansion =
            if bicepFrontEnd.claims(template) {
                bicepFrontEnd.expand(template, parameters: parameters)
            } else if terraformFrontEnd.claims(template)
                || (FileManager.default.fileExists(atPath: template, isDirectory: &isFolder) && isFolder.boolValue)
            {
                terraformFrontEnd.expand(template)
            } else {
                ARMFrontEnd(context: deployment.context).expand(template: template, parameters: parameters)
            }
        switch format {
        case .json: FileHandle.standardOutput.write(try ExpansionReport().json(expansion) + Data("\n".utf8))
        case .table: FileHandle.standardOutput.write(Data(ExpansionReport().table(expansion).utf8))
        }
        if expansion.problems.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
    }
}
