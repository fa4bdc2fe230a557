import Foundation

/// Tokens per scope: fetched on first use, reused, and fetched again before they expire (5 minutes before, or
/// half-way through a shorter lifetime). Concurrent callers for one scope share one fetch. When a refresh fails while
/// the cached token is still valid, the cached token is used.
actor TokenCache {
    typealias Fetch = @Sendable (_ scope: String) async throws(CredentialError) -> AccessToken

    private let now: @Sendable () -> Date
    private var cached: [String: (token: AccessToken, refreshAt: Date)] = [:]
    private var inFlight: [String: Task<AccessToken, any Error>] = [:]

    init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// A token for `scope` valid now, from the cache or from `fetch`.
    func token(scope: String, fetch: @escaping Fetch) async throws(CredentialError) -> AccessToken {
        let now = now()
        if let entry = cached[scope], now < entry.refreshAt { return entry.token }
        do {
            return try await refresh(scope: scope, fetch: fetch)
        } catch {
            if let entry = cached[scope], now < entry.token.expiresAt { return entry.token }
            throw error
        }
    }

    func invalidate(scope: String) {
        cached[scope] = nil
    }

    private func refresh(scope: String, fetch: @escaping Fetch) async throws(CredentialError) -> AccessToken {
        let task: Task<AccessToken, any Error>
        if let running = inFlight[scope] {
            task = running
        } else {
            task = Task { try await fetch(scope) }
            inFlight[scope] = task
        }
        defer { if inFlight[scope] == task { inFlight[scope] = nil } }
        let token: AccessToken
        do {
            token = try await task.value
        } catch let error as CredentialError {
            throw error
        } catch {
            throw .unreachable(source: "the token endpoint")
        }
        let lifetime = token.expiresAt.timeIntervalSince(now())
        let margin = min(300, max(0, lifetime / 2))
        cached[scope] = (token, token.expiresAt.addingTimeInterval(-margin))
        return token
    }
}
