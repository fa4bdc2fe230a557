public import AsyncHTTPClient
public import Foundation

/// The gateway's own token for one upstream credential: fetched on first use, reused, and fetched again
/// before it expires (5 minutes before, or half-way through a shorter lifetime). Concurrent callers share one
/// fetch. When a refresh fails while the cached token is still valid, the cached token is used. As a
/// `TokenCredential` it serves any scope, each cached apart.
public final class CachedCredential: TokenCredential {
    public let source: CredentialSource
    /// The scope `token()` asks for.
    public let scope: String
    private let client: HTTPClient
    private let environment: [String: String]
    private let now: @Sendable () -> Date
    private let cache: TokenCache

    public init(
        source: CredentialSource, scope: String, client: HTTPClient, environment: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.scope = scope
        self.client = client
        self.environment = environment
        self.now = now
        self.cache = TokenCache(now: now)
    }

    public var sourceName: String {
        switch source {
        case .instanceMetadata: "managed identity (instance metadata)"
        case .appService: "managed identity (App Service)"
        case .workloadIdentity: "workload identity"
        case .clientSecret: "client secret"
        }
    }

    /// A token for the credential's own scope, valid now.
    public func token() async throws(CredentialError) -> AccessToken {
        try await token(scope: scope)
    }

    public func token(scope: String) async throws(CredentialError) -> AccessToken {
        let (source, client, environment, now) = (self.source, self.client, self.environment, self.now)
        return try await cache.token(scope: scope) { scope throws(CredentialError) in
            try await TokenRequest.make(source, scope: scope, environment: environment).fetch(client: client, now: now)
        }
    }

    /// Forgets the cached token (after the upstream refused it, say).
    public func invalidate() async {
        await cache.invalidate(scope: scope)
    }

    public func invalidate(scope: String) async {
        await cache.invalidate(scope: scope)
    }
}
