/// Why a credential could not get a token. Never carries a secret, a client assertion or a token.
public enum CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The token endpoint answered with a status other than 200. `detail` is the Entra error code and its first
    /// sentence (`AADSTS7000215: Invalid client secret provided.`) when the answer had one.
    case refused(source: String, status: Int, detail: String? = nil)
    /// The token endpoint could not be reached.
    case unreachable(source: String)
    /// The answer had no `access_token` or no lifetime.
    case malformedResponse(source: String)
    /// An environment variable the credential reads is not set.
    case missingEnvironment(String)
    /// The federated token file could not be read.
    case unreadableTokenFile(String)
    /// The client certificate file could not be used; `reason` says why and what to do.
    case unusableCertificate(path: String, reason: String)
    /// The Azure CLI could not give a token; `reason` says what to run. At most the first line of its error output.
    case azureCLIFailed(reason: String)
    /// Every source of a credential chain failed; each entry is `source: why`.
    case noCredential(tried: [String])

    public var description: String {
        switch self {
        case .refused(let source, let status, nil): "\(source) refused the token request with HTTP \(status)"
        case .refused(let source, let status, let detail?): "\(source) refused the token request with HTTP \(status): \(detail)"
        case .unreachable(let source): "\(source) could not be reached"
        case .malformedResponse(let source): "\(source) answered without an access token and its lifetime"
        case .missingEnvironment(let name): "the environment variable \(name) is not set"
        case .unreadableTokenFile(let path): "cannot read the federated token file \(path)"
        case .unusableCertificate(let path, let reason): "cannot use the client certificate \(path): \(reason)"
        case .azureCLIFailed(let reason): "the Azure CLI gave no token: \(reason)"
        case .noCredential(let tried):
            "no credential gave a token; tried:\n" + tried.map { "  - \($0)" }.joined(separator: "\n")
        }
    }
}
