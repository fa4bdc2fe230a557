public import AsyncHTTPClient
public import Foundation

/// Workload identity (AKS, GitHub Actions): the federated token in `AZURE_FEDERATED_TOKEN_FILE`, read again on every
/// exchange because the platform rotates it, is the client assertion for `AZURE_CLIENT_ID` in `AZURE_TENANT_ID`.
public final class WorkloadIdentityCredential: TokenCredential {
    public let sourceName = "workload identity"
    private let source: CredentialSource
    private let client: HTTPClient
    private let now: @Sendable () -> Date
    private let cache: TokenCache

    /// - Throws: `.missingEnvironment` naming the first variable missing.
    public init(
        environment: [String: String], cloud: AzureCloud = .azureCloud, client: HTTPClient = .shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(CredentialError) {
        let file = try EnvironmentCredential.required("AZURE_FEDERATED_TOKEN_FILE", in: environment)
        let clientID = try EnvironmentCredential.required("AZURE_CLIENT_ID", in: environment)
        let tenantID = try EnvironmentCredential.required("AZURE_TENANT_ID", in: environment)
        source = .workloadIdentity(authority: cloud.authorityHost, tenantID: tenantID, clientID: clientID, tokenFile: file)
        self.client = client
        self.now = now
        self.cache = TokenCache(now: now)
    }

    public func token(scope: String) async throws(CredentialError) -> AccessToken {
        try await cache.token(scope: scope) { [self] scope throws(CredentialError) in
            var request = try TokenRequest.make(source, scope: scope, environment: [:])
            request.source = "the Entra token endpoint for \(sourceName)"
            return try await request.fetch(client: client, now: now)
        }
    }

    public func invalidate(scope: String) async {
        await cache.invalidate(scope: scope)
    }
}
