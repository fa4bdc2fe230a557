import CryptoExtras
import Foundation
import EntraID
import GatewayTesting

/// A test identity provider: an RSA signing key, its JWKS, and tokens built by hand so tests control every
/// header and claim (including `alg: none` and wrong keys).
struct TestIssuer: Sendable {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let audience = "api://bulwark-gateway"

    let kid: String
    let key: _RSA.Signing.PrivateKey

    init(kid: String) throws {
        self.kid = kid
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    /// `{"keys": [...]}` with the public half of each issuer's key, shaped like Entra's (no `alg`).
    static func jwks(_ issuers: [TestIssuer]) throws -> Data {
        try JWKS.document(
            issuers.map { issuer in
                let primitives = try issuer.key.publicKey.getKeyPrimitives()
                return JWKS.Key(kid: issuer.kid, modulus: primitives.modulus, exponent: primitives.publicExponent)
            })
    }

    /// Claims a valid token from the test tenant carries, valid from a minute ago for an hour.
    static func claims(now: Date = Date(), _ changes: [String: Any] = [:]) -> [String: Any] {
        var claims: [String: Any] = [
            "iss": "https://login.microsoftonline.com/\(tenant)/v2.0", "aud": audience, "tid": tenant,
            "oid": "00000000-0000-0000-0000-0000000000aa", "sub": "subject", "azp": "client-app",
            "iat": now.timeIntervalSince1970 - 60, "nbf": now.timeIntervalSince1970 - 60, "exp": now.timeIntervalSince1970 + 3600,
            "roles": ["Gateway.Chat"],
        ]
        for (name, value) in changes { claims[name] = value is NSNull ? nil : value }
        return claims
    }

    /// A signed token; `header` overrides fields of `{"alg":"RS256","typ":"JWT","kid":kid}`.
    func token(_ claims: [String: Any], header: [String: Any] = [:]) throws -> String {
        var fields: [String: Any] = ["alg": "RS256", "typ": "JWT", "kid": kid]
        for (name, value) in header { fields[name] = value is NSNull ? nil : value }
        let input =
            Self.base64URL(try JSONSerialization.data(withJSONObject: fields)) + "."
            + Self.base64URL(try JSONSerialization.data(withJSONObject: claims))
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + Self.base64URL(signature.rawRepresentation)
    }

    static func base64URL(_ data: Data) -> String {
        JWKS.base64URL(data)
    }

    /// Entra ID settings for the test tenant and audience.
    static func settings(skew: Int = 60) -> EntraTokenValidator.Settings {
        EntraTokenValidator.Settings(
            tenants: [tenant.uppercased()], audiences: [audience], authority: URL(string: "https://login.microsoftonline.com")!,
            clockSkewSeconds: skew
        )
    }
}
