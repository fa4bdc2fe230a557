import Foundation

/// Who a token was issued to, read from its claims (`tid`, `oid`, `appid`/`azp`, `idtyp`, `xms_mirid`). For
/// messages and the snapshot manifest only: the token is not verified.
public struct TokenIdentity: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case user
        case servicePrincipal
        case managedIdentity
        case unknown
    }

    public var tenantID: String?
    public var objectID: String?
    public var applicationID: String?
    public var kind: Kind

    public init(tenantID: String?, objectID: String?, applicationID: String?, kind: Kind) {
        self.tenantID = tenantID
        self.objectID = objectID
        self.applicationID = applicationID
        self.kind = kind
    }
}

extension AccessToken {
    /// The identity in the token's payload, decoded WITHOUT verifying the signature; nil when the token is not a JWT
    /// (fakes may hand out opaque tokens).
    public var identity: TokenIdentity? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
        guard let data = Data(base64Encoded: payload), let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return nil
        }
        func claim(_ name: String) -> String? { (claims[name] as? String).flatMap { $0.isEmpty ? nil : $0 } }
        let kind: TokenIdentity.Kind =
            if claim("xms_mirid") != nil { .managedIdentity } else {
                switch claim("idtyp") {
                case "app": .servicePrincipal
                case "user": .user
                default: claim("scp") != nil ? .user : .unknown
                }
            }
        return TokenIdentity(tenantID: claim("tid"), objectID: claim("oid"), applicationID: claim("appid") ?? claim("azp"), kind: kind)
    }
}
