public import JWTKit

/// The claims of a Microsoft Entra access token that the gateway reads. Lifetime, issuer, audience and tenant
/// are checked by ``EntraTokenValidator`` (with the configured clock skew), not in `verify(using:)`.
public struct EntraClaims: JWTPayload, Sendable {
    public var iss: String
    public var aud: AudienceClaim
    public var exp: Double
    public var nbf: Double?
    public var iat: Double?
    public var tid: String
    public var oid: String?
    public var sub: String?
    /// The client application: `azp` in v2.0 tokens, `appid` in v1.0.
    public var azp: String?
    public var appid: String?
    public var roles: [String]?
    public var groups: [String]?
    /// Authentication methods (`pwd`, `mfa`, …).
    public var amr: [String]?
    /// Authentication context class references satisfied by conditional access (`c1`, …).
    public var acrs: [String]?

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Who a verified token speaks for, and what it says about them.
public struct EntraPrincipal: Sendable, Hashable {
    public var tenant: String
    /// The object id when present, else the subject.
    public var subject: String
    public var clientApplication: String?
    public var roles: [String]
    public var groups: [String]
    public var authenticationMethods: [String]
    public var authenticationContexts: [String]

    /// Multi-factor authentication as the token shows it: `amr` contains `mfa`, or `acrs` carries one of
    /// `contexts` (authentication contexts whose conditional access policy requires MFA).
    public func showsMultifactor(acceptingContexts contexts: [String]) -> Bool {
        authenticationMethods.contains("mfa") || authenticationContexts.contains { contexts.contains($0) }
    }
}
