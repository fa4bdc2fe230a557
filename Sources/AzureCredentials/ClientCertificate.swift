import Crypto
import CryptoExtras
import Foundation

/// A client certificate and its RSA private key, read from one PEM file, that signs client assertions (RS256 JWTs
/// that prove the app to the token endpoint instead of a secret).
struct ClientCertificate: Sendable {
    let path: String
    /// The certificate, DER-encoded: its SHA-1 and SHA-256 thumbprints name it to Entra.
    let der: Data
    let key: _RSA.Signing.PrivateKey

    private static let convert =
        "write the certificate and an unencrypted key to one PEM file (openssl pkcs12 -in FILE.pfx -out FILE.pem -nodes, "
        + "or openssl pkey -in KEY.pem for an encrypted PEM key) and protect it with file permissions"

    /// Reads the certificate and key from `path`.
    /// - Throws: `.unusableCertificate` saying what is wrong and how to convert the file.
    static func load(path: String, password: String?) throws(CredentialError) -> ClientCertificate {
        if let password, !password.isEmpty {
            throw .unusableCertificate(
                path: path, reason: "AZURE_CLIENT_CERTIFICATE_PASSWORD is set, but password-protected keys are not supported; \(convert)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unusableCertificate(path: path, reason: "the file cannot be read")
        }
        guard let pem = String(data: data, encoding: .utf8), pem.contains("-----BEGIN ") else {
            throw .unusableCertificate(path: path, reason: "it is not a PEM file; \(convert)")
        }
        if pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED") {
            throw .unusableCertificate(path: path, reason: "the private key is encrypted; \(convert)")
        }
        guard let certificate = block("CERTIFICATE", in: pem),
            let der = Data(base64Encoded: certificate.body, options: .ignoreUnknownCharacters)
        else {
            throw .unusableCertificate(path: path, reason: "it has no CERTIFICATE block")
        }
        guard let keyBlock = block("PRIVATE KEY", in: pem) ?? block("RSA PRIVATE KEY", in: pem) else {
            throw .unusableCertificate(path: path, reason: "it has no PRIVATE KEY block; \(convert)")
        }
        guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: keyBlock.text) else {
            throw .unusableCertificate(path: path, reason: "the private key is not an unencrypted RSA key of 2048 bits or more")
        }
        return ClientCertificate(path: path, der: der, key: key)
    }

    /// A client assertion for `clientID` at `audience` (the token endpoint URL), valid for 10 minutes from `now`.
    func assertion(audience: String, clientID: String, now: Date) throws(CredentialError) -> String {
        let header: [String: Any] = [
            "alg": "RS256", "typ": "JWT",
            "x5t": Self.base64URL(Data(Insecure.SHA1.hash(data: der))),
            "x5t#S256": Self.base64URL(Data(SHA256.hash(data: der))),
        ]
        let issuedAt = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = [
            "aud": audience, "iss": clientID, "sub": clientID, "jti": UUID().uuidString,
            "nbf": issuedAt, "iat": issuedAt, "exp": issuedAt + 600,
        ]
        guard let headerJSON = try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes]),
            let claimsJSON = try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys, .withoutEscapingSlashes])
        else { throw .unusableCertificate(path: path, reason: "the client assertion could not be encoded") }
        let signingInput = Self.base64URL(headerJSON) + "." + Self.base64URL(claimsJSON)
        guard let signature = try? key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5) else {
            throw .unusableCertificate(path: path, reason: "the private key could not sign the client assertion")
        }
        return signingInput + "." + Self.base64URL(signature.rawRepresentation)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The first `-----BEGIN label-----` block: its whole text and its base64 body.
    private static func block(_ label: String, in pem: String) -> (text: String, body: String)? {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        guard let start = pem.range(of: begin), let stop = pem.range(of: end, range: start.upperBound..<pem.endIndex) else { return nil }
        return (String(pem[start.lowerBound..<stop.upperBound]), String(pem[start.upperBound..<stop.lowerBound]))
    }
}
