public import AsyncHTTPClient
public import Foundation
import JWTKit
import NIOCore

/// The identity provider's token signing keys (a JWKS), fetched on first use, used for `maximumAge`, and
/// fetched again when a token names a `kid` the set does not hold (keys roll over). Refreshes caused by unknown
/// `kid`s happen at most once per `unknownKeyRefreshInterval`, so made-up `kid`s cannot hammer the provider.
/// When the keys cannot be fetched, tokens are refused: there is no fallback to unverified tokens.
public actor SigningKeySet {
    public typealias Fetch = @Sendable () async throws -> Data

    struct Loaded: Sendable {
        var collection: JWTKeyCollection
        var identifiers: Set<String>
        var fetchedAt: ContinuousClock.Instant
    }

    private let fetch: Fetch
    private let maximumAge: Duration
    private let unknownKeyRefreshInterval: Duration
    private var loaded: Loaded?
    private var lastUnknownKeyRefresh: ContinuousClock.Instant?
    private var inFlight: Task<Loaded, any Error>?

    public init(maximumAge: Duration = .seconds(3600), unknownKeyRefreshInterval: Duration = .seconds(30), fetch: @escaping Fetch) {
        self.fetch = fetch
        self.maximumAge = maximumAge
        self.unknownKeyRefreshInterval = unknownKeyRefreshInterval
    }

    /// Keys fetched with `client` from `url` (which must answer 200 with a JWKS within 10 seconds).
    public static func fetching(from url: URL, client: HTTPClient) -> Fetch {
        {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.headers.add(name: "accept", value: "application/json")
            let response = try await client.execute(request, timeout: .seconds(10))
            guard response.status == .ok else { throw SigningKeyFetchError.status(Int(response.status.code)) }
            let body = try await response.body.collect(upTo: 1 << 20)
            return Data(body.readableBytesView)
        }
    }

    /// The collection that holds `kid`'s key.
    func keys(for kid: String) async throws(TokenRejection) -> JWTKeyCollection {
        let now = ContinuousClock.now
        if let loaded, now - loaded.fetchedAt < maximumAge {
            if loaded.identifiers.contains(kid) { return loaded.collection }
            if let last = lastUnknownKeyRefresh, now - last < unknownKeyRefreshInterval { throw TokenRejection(.signingKeyUnknown) }
            lastUnknownKeyRefresh = now
        }
        let refreshed: Loaded
        do {
            refreshed = try await refresh()
        } catch {
            throw TokenRejection(.signingKeysUnavailable)
        }
        guard refreshed.identifiers.contains(kid) else { throw TokenRejection(.signingKeyUnknown) }
        return refreshed.collection
    }

    /// One fetch at a time: concurrent callers share it.
    private func refresh() async throws -> Loaded {
        if let inFlight { return try await inFlight.value }
        let fetch = self.fetch
        let task = Task { try await Self.load(try await fetch()) }
        inFlight = task
        defer { inFlight = nil }
        let result = try await task.value
        loaded = result
        return result
    }

    /// RSA keys with a `kid`; other key types are left out, so a JWKS
    /// that also publishes them still loads.
    static func load(_ data: Data) async throws -> Loaded {
        let jwks = try JSONDecoder().decode(JWKS.self, from: data)
        let collection = JWTKeyCollection()
        var identifiers: Set<String> = []
        for key in jwks.keys where key.keyType == .rsa {
            guard let kid = key.keyIdentifier?.string else { continue }
            do {
                try await collection.add(jwk: key)
                identifiers.insert(kid)
            } catch {
                continue  // a malformed key is unusable; the others still verify
            }
        }
        guard !identifiers.isEmpty else { throw SigningKeyFetchError.noUsableKeys }
        return Loaded(collection: collection, identifiers: identifiers, fetchedAt: .now)
    }
}

/// Why the signing keys could not be loaded (never surfaced to clients; they see `token_signing_keys_unavailable`).
public enum SigningKeyFetchError: Error, Sendable, Hashable {
    case status(Int)
    case noUsableKeys
}
