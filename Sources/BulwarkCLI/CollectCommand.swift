import ArgumentParser
import Foundation
import LiveSnapshot

/// `bulwark collect`: reads a live estate and writes a snapshot folder that `bulwark scan DIR` judges offline.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Read a live Azure estate and its Entra tenant into a snapshot folder.",
        discussion: """
            Resources come from Azure Resource Graph (every subscription named, those of a management group, or \
            every subscription the identity can read), what Resource Graph lacks from Azure Resource Manager \
            (diagnostic settings, AI deployments and content filters, Defender plans, role assignments, PIM), and \
            the tenant's identity controls from Microsoft Graph. Credentials come from the environment, workload \
            identity, managed identity or the Azure CLI (see docs/live.md for the permissions needed). Exits 0 \
            when it wrote a snapshot (with a warning for each part it could not read completely) and 2 when \
            nothing could be collected.
            """
    )

    @OptionGroup(title: "Live scope") var live: LiveOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The snapshot folder to write.", valueName: "DIR"))
    var output: String

    @Flag(name: .shortAndLong, help: "No progress or warnings on standard error (errors still are).")
    var quiet = false

    func run() async throws {
        let content = try await LiveWiring.collect(live, quiet: quiet)
        if !quiet { for line in LiveWiring.warnings(content.manifest) { printError("bulwark: " + line) } }
        do {
            try SnapshotWriter.write(content, to: output)
        } catch {
            printError("bulwark: \(error)")
            throw ExitCode(2)
        }
        if !quiet { printError("bulwark: wrote the snapshot to \(output)") }
    }
}
