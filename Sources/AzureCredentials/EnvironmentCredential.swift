public import AsyncHTTPClient
public import Foundation

/// An app registration's credential from the environment: `AZURE_TENANT_ID` and `AZURE_CLIENT_ID`, with
/// `AZURE_CLIENT_SECRET`, or else `AZURE_CLIENT_CERTIFICATE_PATH` (a PEM file holding the certificate and an
/// unencrypted RSA private key; the token request carries an assertion signed with the key, never the key).
public final class EnvironmentCredential: TokenCredential {
    private enum Method {
        case secret(CredentialSource)
        case certificate(ClientCertificate, authority: URL, tenantID: String, clientID: String)
    }

    /// `environment (client secret)` or `environment (client certificate)`.
    public let sourceName: String
    private let method: Method
    private let client: HTTPClient
    private let environment: [String: String]
    private let now: @Sendable () -> Date
    private let cache: TokenCache

    /// - Parameters:
    ///   - environment: the variables to read (nothing else is read).
    ///   - cloud: its authority host is where tokens come from.
    /// - Throws: `.missingEnvironment` naming the first variable missing; `.unusableCertificate` when the certificate
    ///   file cannot be used (password-protected, encrypted key, not PEM), saying how to convert it.
    public init(
        environment: [String: String], cloud: AzureCloud = .azureCloud, client: HTTPClient = .shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(CredentialError) {
        let tenantID = try Self.required("AZURE_TENANT_ID", in: environment)
        let clientID = try Self.required("AZURE_CLIENT_ID", in: environment)
        if environment["AZURE_CLIENT_SECRET"].map({ !$0.isEmpty }) == true {
            method = .secret(
                .clientSecret(
                    authority: cloud.authorityHost, tenantID: tenantID, clientID: clientID, secretEnvironment: "AZURE_CLIENT_SECRET"))
            sourceName = "environment (client secret)"
        } else if let path = environment["AZURE_CLIENT_CERTIFICATE_PATH"], !path.isEmpty {
            let certificate = try ClientCertificate.load(path: path, password: environment["AZURE_CLIENT_CERTIFICATE_PASSWORD"])
            method = .certificate(certificate, authority: cloud.authorityHost, tenantID: tenantID, clientID: clientID)
            sourceName = "environment (client certificate)"
        } else {
            throw .missingEnvironment("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH")
        }
        self.client = client
        self.environment = environment
        self.now = now
        self.cache = TokenCache(now: now)
    }

    public func token(scope: String) async throws(CredentialError) -> AccessToken {
        try await cache.token(scope: scope) { [self] scope throws(CredentialError) in
            var request: TokenRequest
            switch method {
            case .secret(let source):
                request = try TokenRequest.make(source, scope: scope, environment: environment)
            case .certificate(let certificate, let authority, let tenantID, let clientID):
                let audience = TokenRequest.tokenEndpoint(authority: authority, tenant: tenantID)
                let assertion = try certificate.assertion(audience: audience, clientID: clientID, now: now())
                request = TokenRequest.clientAssertion(
                    authority: authority, tenant: tenantID, clientID: clientID, scope: scope, assertion: assertion)
            }
            request.source = "the Entra token endpoint for \(sourceName)"
            return try await request.fetch(client: client, now: now)
        }
    }

    public func invalidate(scope: String) async {
        await cache.invalidate(scope: scope)
    }

    static func required(_ name: String, in environment: [String: String]) throws(CredentialError) -> String {
        guard let value = environment[name], !value.isEmpty else { throw .missingEnvironment(name) }
        return value
    }
}
