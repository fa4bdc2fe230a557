import ArgumentParser
import BicepFrontEnd
import Foundation
import SourceModel

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract:
            "Compile a .bicep file to the ARM template JSON that `scan` and `expand` read, or a .bicepparam file to its parameters JSON.",
        discussion: """
            Exit code 2 when the file has errors or uses what the Bicep front end does not compile yet; each is \
            printed as file:line:column. See docs/bicep.md.
            """
    )

    @Argument(help: ArgumentHelp("The .bicep or .bicepparam file to compile.", valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp("Write the template to a file instead of standard output.", valueName: "FILE"))
    var output: String?

    @OptionGroup(title: "Bicep") var bicep: BicepOptions

    func run() throws {
        let built = BicepFrontEnd(settings: bicep.settings).build(file)
        for problem in built.problems { printError(problem.description) }
        guard let json = built.json, !built.problems.contains(where: { $0.severity == .error }) else { throw ExitCode(2) }
        if let output {
            if case .failure(let failure) = FileAccess.write(Data(json.utf8), to: output, what: "the template") {
                printError("bulwark: \(failure)")
                throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(Data(json.utf8))
        }
    }
}
