public import Foundation
import JWTKit

/// Verifies a Microsoft Entra access token: RS256 only, signed by a key the identity provider publishes (see
/// ``SigningKeySet``), from an allowed tenant with that tenant's issuer, for one of the gateway's
/// audiences, and inside its lifetime give or take the configured clock skew.
public struct EntraTokenValidator: Sendable {
    public let settings: Settings
    let keys: SigningKeySet
    let now: @Sendable () -> Date

    public init(settings: Settings, keys: SigningKeySet, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.keys = keys
        self.now = now
    }

    /// True when `credential` has the shape of a JWT (three base64url parts, a JSON header), so it is
    /// checked as a token rather than as a gateway key.
    public static func looksLikeJWT(_ credential: String) -> Bool {
        credential.hasPrefix("eyJ") && credential.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count == 2
    }

    public func validate(_ token: String) async throws(TokenRejection) -> EntraPrincipal {
        let header = try Self.header(of: token)
        // The header is read before any key is chosen: `none`, HS256 (a public key used as an HMAC secret) and
        // every other algorithm are refused here, whatever the key set holds.
        guard header.alg == "RS256" else { throw TokenRejection(.algorithmNotAllowed) }
        guard let kid = header.kid, !kid.isEmpty else { throw TokenRejection(.signingKeyUnknown) }
        let collection = try await keys.keys(for: kid)
        let claims: EntraClaims
        do {
            claims = try await collection.verify(token, as: EntraClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw TokenRejection(.signatureInvalid)
        } catch {
            throw TokenRejection(.malformed)
        }
        try check(claims)
        return EntraPrincipal(
            tenant: claims.tid, subject: claims.oid ?? claims.sub ?? "", clientApplication: claims.azp ?? claims.appid,
            roles: claims.roles ?? [], groups: claims.groups ?? [], authenticationMethods: claims.amr ?? [],
            authenticationContexts: claims.acrs ?? []
        )
    }

    private func check(_ claims: EntraClaims) throws(TokenRejection) {
        let now = now().timeIntervalSince1970
        let skew = Double(settings.clockSkewSeconds)
        guard now < claims.exp + skew else { throw TokenRejection(.expired) }
        if let nbf = claims.nbf, now + skew < nbf { throw TokenRejection(.notYetValid) }
        guard settings.tenants.contains(where: { $0.caseInsensitiveCompare(claims.tid) == .orderedSame }) else {
            throw TokenRejection(.tenantNotAllowed)
        }
        // The issuer is built from the token's own (signed, allowed) tenant id, so a tenant configured in upper case
        // still matches Entra's lower-case issuer.
        guard settings.issuers(for: claims.tid).contains(claims.iss) else { throw TokenRejection(.issuerInvalid) }
        guard claims.aud.value.contains(where: settings.audiences.contains) else { throw TokenRejection(.audienceInvalid) }
        guard claims.oid != nil || claims.sub != nil else { throw TokenRejection(.malformed) }
    }

    struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    static func header(of token: String) throws(TokenRejection) -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Self.base64URLDecoded(parts[0]), let header = try? JSONDecoder().decode(Header.self, from: data)
        else {
            throw TokenRejection(.malformed)
        }
        return header
    }

    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
