public import Foundation

/// JSON Web Key Sets as Microsoft Entra ID publishes them (RSA signing keys, `use: sig`, no `alg`), for fake
/// identity providers.
public enum JWKS {
    /// One RSA public key: its `kid`, modulus and public exponent (big-endian bytes).
    public struct Key: Sendable {
        public var kid: String
        public var modulus: Data
        public var exponent: Data

        public init(kid: String, modulus: Data, exponent: Data) {
            self.kid = kid
            self.modulus = modulus
            self.exponent = exponent
        }
    }

    /// `{"keys": [...]}` with `keys`.
    public static func document(_ keys: [Key]) throws -> Data {
        let entries = keys.map { key in
            ["kty": "RSA", "use": "sig", "kid": key.kid, "n": base64URL(key.modulus), "e": base64URL(key.exponent)]
        }
        return try JSONSerialization.data(withJSONObject: ["keys": entries])
    }

    /// Base64url without padding, as JWTs and JWKs encode bytes.
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }
}
