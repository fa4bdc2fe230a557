public import AsyncHTTPClient
public import Foundation
import NIOCore
import Synchronization

/// The managed identity of the host: App Service and Functions when `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` are
/// set, else the instance metadata service (VMs, AKS nodes, Container Instances), with `AZURE_CLIENT_ID` naming a
/// user-assigned identity.
public final class ManagedIdentityCredential: TokenCredential {
    /// Where the instance metadata service answers on Azure hosts.
    public static let instanceMetadataEndpoint = URL(string: "http://169.254.169.254")!

    /// `managed identity (App Service)` or `managed identity (instance metadata)`.
    public let sourceName: String
    private let source: CredentialSource
    private let client: HTTPClient
    private let environment: [String: String]
    private let now: @Sendable () -> Date
    private let cache: TokenCache
    /// The first instance metadata request's timeout, when it is only a probe (in a chain, off Azure, nothing answers).
    private let probe: Mutex<TimeAmount?>

    /// - Parameters:
    ///   - instanceMetadataEndpoint: the instance metadata service's base URL (tests point it at a fake).
    ///   - probeTimeout: bounds the first instance metadata request (the chain uses 1 s); nil waits as for any request.
    public init(
        environment: [String: String], client: HTTPClient = .shared, instanceMetadataEndpoint: URL = instanceMetadataEndpoint,
        probeTimeout: Duration? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let clientID = environment["AZURE_CLIENT_ID"].flatMap { $0.isEmpty ? nil : $0 }
        if environment["IDENTITY_ENDPOINT"].map({ !$0.isEmpty }) == true, environment["IDENTITY_HEADER"].map({ !$0.isEmpty }) == true {
            source = .appService(endpointEnvironment: "IDENTITY_ENDPOINT", headerEnvironment: "IDENTITY_HEADER", clientID: clientID)
            sourceName = "managed identity (App Service)"
            probe = Mutex(nil)
        } else {
            source = .instanceMetadata(endpoint: instanceMetadataEndpoint, clientID: clientID)
            sourceName = "managed identity (instance metadata)"
            probe = Mutex(
                probeTimeout.map { .nanoseconds(Int64($0.components.seconds) * 1_000_000_000 + $0.components.attoseconds / 1_000_000_000) })
        }
        self.client = client
        self.environment = environment
        self.now = now
        self.cache = TokenCache(now: now)
    }

    public func token(scope: String) async throws(CredentialError) -> AccessToken {
        try await cache.token(scope: scope) { [self] scope throws(CredentialError) in
            let request = try TokenRequest.make(source, scope: scope, environment: environment)
            guard let probeTimeout = probe.withLock({ $0 }) else { return try await request.fetch(client: client, now: now) }
            do throws(CredentialError) {
                let token = try await request.fetch(client: client, now: now, timeout: probeTimeout)
                probe.withLock { $0 = nil }
                return token
            } catch {
                if case .unreachable = error { throw .unreachable(source: "\(request.source) (no answer within the probe timeout)") }
                probe.withLock { $0 = nil }
                throw error
            }
        }
    }

    public func invalidate(scope: String) async {
        await cache.invalidate(scope: scope)
    }
}
