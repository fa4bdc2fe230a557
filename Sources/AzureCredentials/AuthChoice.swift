/// The one credential source `--auth` picks instead of the chain.
public enum AuthChoice: String, Sendable, Hashable, CaseIterable {
    case environment
    case workloadIdentity = "workload-identity"
    case managedIdentity = "managed-identity"
    case azureCLI = "azure-cli"

    /// The `--auth` spelling (`workload-identity`); nil for anything else.
    public init?(argument: String) {
        self.init(rawValue: argument)
    }
}
