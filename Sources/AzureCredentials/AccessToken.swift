public import Foundation

/// A bearer token the gateway presents upstream. Its description never shows the token.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    public var value: String
    public var expiresAt: Date

    public init(value: String, expiresAt: Date) {
        self.value = value
        self.expiresAt = expiresAt
    }

    public var description: String { "AccessToken(expires: \(expiresAt))" }
}

/// Why the gateway could not get a token for an upstream. Never carries a secret or a token.
public enum CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The token endpoint answered with a status other than 200.
    case refused(source: String, status: Int)
    /// The token endpoint could not be reached.
    case unreachable(source: String)
    /// The answer had no `access_token` or no lifetime.
    case malformedResponse(source: String)
    /// An environment variable the credential reads is not set.
    case missingEnvironment(String)
    /// The federated token file could not be read.
    case unreadableTokenFile(String)

    public var description: String {
        switch self {
        case .refused(let source, let status): "\(source) refused the token request with HTTP \(status)"
        case .unreachable(let source): "\(source) could not be reached"
        case .malformedResponse(let source): "\(source) answered without an access token and its lifetime"
        case .missingEnvironment(let name): "the environment variable \(name) is not set"
        case .unreadableTokenFile(let path): "cannot read the federated token file \(path)"
        }
    }
}
