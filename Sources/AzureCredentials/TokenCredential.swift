/// Something that gets Entra access tokens for a scope (`https://management.azure.com/.default`): one credential
/// source (environment, workload identity, managed identity, Azure CLI), or the chain that picks the first that
/// works. ARM and Microsoft Graph are different audiences, so callers ask for each scope separately; tokens are
/// cached per scope and refreshed before they expire.
public protocol TokenCredential: Sendable {
    /// The source, for messages: `environment (client secret)`, `Azure CLI`. Never a secret.
    var sourceName: String { get }

    /// A token for `scope`, valid now.
    func token(scope: String) async throws(CredentialError) -> AccessToken

    /// Forgets the cached token for `scope` (a service answered 401 to it: it expired early or was revoked), so the
    /// next call fetches a new one.
    func invalidate(scope: String) async
}
