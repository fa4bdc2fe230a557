public import AsyncHTTPClient
public import Foundation

/// The gateway's own token for one upstream credential: fetched on first use, reused, and fetched again
/// before it expires (5 minutes before, or half-way through a shorter lifetime). Concurrent callers share one
/// fetch. When a refresh fails while the cached token is still valid, the cached token is used.
public actor CachedCredential {
    public nonisolated let source: CredentialSource
    public nonisolated let scope: String
    private let client: HTTPClient
    private let environment: [String: String]
    private let now: @Sendable () -> Date
    private var cached: (token: AccessToken, refreshAt: Date)?
    private var inFlight: Task<AccessToken, any Error>?

    public init(
        source: CredentialSource, scope: String, client: HTTPClient, environment: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.scope = scope
        self.client = client
        self.environment = environment
        self.now = now
    }

    /// A token valid now.
    public func token() async throws(CredentialError) -> AccessToken {
        let now = now()
        if let cached, now < cached.refreshAt { return cached.token }
        do {
            return try await refresh()
        } catch {
            if let cached, now < cached.token.expiresAt { return cached.token }
            throw error
        }
    }

    /// Forgets the cached token (after the upstream refused it, say).
    public func invalidate() {
        cached = nil
    }

    private func refresh() async throws(CredentialError) -> AccessToken {
        let task: Task<AccessToken, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let request = try TokenRequest.make(source, scope: scope, environment: environment)
            let client = self.client
            let now = self.now
            task = Task { try await Self.fetch(request, client: client, now: now) }
            inFlight = task
        }
        defer { inFlight = nil }
        let token: AccessToken
        do {
            token = try await task.value
        } catch let error as CredentialError {
            throw error
        } catch {
            throw .unreachable(source: "the token endpoint")
        }
        let issuedAt = now()
        let lifetime = token.expiresAt.timeIntervalSince(issuedAt)
        let margin = min(300, max(0, lifetime / 2))
        cached = (token, token.expiresAt.addingTimeInterval(-margin))
        return token
    }

    private static func fetch(_ request: TokenRequest, client: HTTPClient, now: @Sendable () -> Date) async throws(CredentialError)
        -> AccessToken
    {
        let body: Data
        do {
            let response = try await client.execute(request.request, timeout: .seconds(15))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw CredentialError.refused(source: request.source, status: Int(response.status.code)) }
            body = Data(bytes.readableBytesView)
        } catch let error as CredentialError {
            throw error
        } catch {
            throw .unreachable(source: request.source)
        }
        return try TokenRequest.parse(body, source: request.source, now: now())
    }
}
