/// Why a bearer token was refused. `code` is short and stable: the reason code in the 401/503 body and a
/// metric label. Nothing here ever holds the token or any part of it.
public struct TokenRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case malformed = "token_malformed"
        case algorithmNotAllowed = "token_algorithm_not_allowed"
        case signingKeyUnknown = "token_signing_key_unknown"
        case signatureInvalid = "token_signature_invalid"
        case expired = "token_expired"
        case notYetValid = "token_not_yet_valid"
        case issuerInvalid = "token_issuer_invalid"
        case audienceInvalid = "token_audience_invalid"
        case tenantNotAllowed = "token_tenant_not_allowed"
        /// The signing keys could not be fetched: every token is refused until they can be.
        case signingKeysUnavailable = "token_signing_keys_unavailable"
    }

    public var code: Code

    public init(_ code: Code) {
        self.code = code
    }

    /// True when the gateway, not the token, is at fault (503 rather than 401).
    public var isServiceFault: Bool { code == .signingKeysUnavailable }

    public var description: String {
        switch code {
        case .malformed: "the bearer token is not a well-formed JWT with the claims an Entra access token carries"
        case .algorithmNotAllowed: "the token must be signed with RS256"
        case .signingKeyUnknown: "the token's signing key (kid) is not one the tenant publishes"
        case .signatureInvalid: "the token's signature does not verify"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet (nbf)"
        case .issuerInvalid: "the token's issuer is not the expected one for its tenant"
        case .audienceInvalid: "the token was not issued for this gateway (aud)"
        case .tenantNotAllowed: "the token's tenant is not allowed"
        case .signingKeysUnavailable: "the identity provider's signing keys cannot be fetched; try again later"
        }
    }
}
