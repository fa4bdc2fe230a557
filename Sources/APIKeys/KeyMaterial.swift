import Crypto
import Foundation

/// How key secrets look and how they are hashed.
///
/// A key reads `bwk_<12 hex prefix>_<43 base64url characters of 32 random bytes>`. The prefix identifies the
/// record; the secret part is stored only as HMAC-SHA256 over salt and secret, keyed with the server pepper when
/// one is configured and with the per-key random salt otherwise (so no server secret is needed by default). The
/// secret has 256 bits of entropy, so a fast keyed hash is enough: there is nothing to brute-force.
package enum KeyMaterial {
    package static let scheme = "bwk"

    package struct Parsed {
        package var prefix: String
        package var secret: [UInt8]
    }

    package static func generate() -> (prefix: String, secret: String, secretBytes: [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        let prefixBytes = (0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let prefix = "\(scheme)_" + prefixBytes.map { String(format: "%02x", $0) }.joined()
        return (prefix, prefix + "_" + base64URL(secretBytes), secretBytes)
    }

    package static func salt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Splits a presented key; nil when it is not in the key format.
    package static func parse(_ presented: String) -> Parsed? {
        let parts = presented.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == scheme, parts[1].count == 12, parts[1].allSatisfy(\.isHexDigit),
            let secret = fromBase64URL(String(parts[2])), secret.count == 32
        else { return nil }
        return Parsed(prefix: "\(parts[0])_\(parts[1])", secret: secret)
    }

    package static func digest(secret: [UInt8], salt: [UInt8], pepper: [UInt8]?) -> [UInt8] {
        let key = SymmetricKey(data: pepper ?? salt)
        return Array(HMAC<SHA256>.authenticationCode(for: salt + secret, using: key))
    }

    /// Constant-time: swift-crypto's MAC validation compares every byte whatever the first difference.
    package static func matches(secret: [UInt8], salt: [UInt8], pepper: [UInt8]?, storedDigest: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(storedDigest, authenticating: salt + secret, using: SymmetricKey(data: pepper ?? salt))
    }

    package static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func fromBase64URL(_ text: String) -> [UInt8]? {
        guard text.allSatisfy({ $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "-" || $0 == "_" }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
