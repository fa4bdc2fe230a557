import ArgumentParser
import AzureCredentials
import Foundation

/// The options that name a live scope and how to reach it, shared by `collect` and `scan`.
struct LiveOptions: ParsableArguments {
    @Option(
        name: .customLong("subscription"),
        help: ArgumentHelp("A subscription to read (repeatable).", valueName: "ID"))
    var subscriptions: [String] = []

    @Option(
        name: .customLong("management-group"),
        help: ArgumentHelp("A management group whose subscriptions to read (repeatable).", valueName: "ID"))
    var managementGroups: [String] = []

    @Option(help: ArgumentHelp("The Azure cloud: AzureCloud, AzureUSGovernment or AzureChinaCloud.", valueName: "NAME"))
    var cloud: String?

    @Option(
        help: ArgumentHelp(
            "The one credential to use: environment, workload-identity, managed-identity or azure-cli (default: the first that works, in that order).",
            valueName: "SOURCE"))
    var auth: String?

    @Flag(name: .customLong("skip-graph"), help: "Do not read Microsoft Graph (conditional access, PIM, authentication methods).")
    var skipGraph = false

    func validate() throws {
        if let auth, AuthChoice(argument: auth) == nil {
            let known = AuthChoice.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--auth \(auth) is not a credential source; use one of \(known)")
        }
    }

    /// Whether a live scope was named.
    var namesScope: Bool { !subscriptions.isEmpty || !managementGroups.isEmpty }
}
