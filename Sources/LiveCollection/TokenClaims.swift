import Foundation

/// The few claims of an access token that say who collected: tenant (`tid`), object (`oid`), application
/// (`appid`/`azp`), and whether it is an app or a user (`idtyp`), read from the payload of a JWT without checking
/// its signature (the token is our own, from the credential). Nil when the token is not a JWT.
struct TokenClaims: Sendable, Hashable {
    var tenantID: String?
    var objectID: String?
    var applicationID: String?
    var kind: String

    init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Self.base64URL(String(parts[1])),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return nil }
        tenantID = object["tid"] as? String
        objectID = object["oid"] as? String
        applicationID = (object["appid"] as? String) ?? (object["azp"] as? String)
        let resourceID = (object["xms_mirid"] as? String)?.lowercased() ?? ""
        if resourceID.contains("/providers/microsoft.managedidentity/") || resourceID.contains("/providers/microsoft.compute/") {
            kind = "managedIdentity"
        } else if (object["idtyp"] as? String) == "user" || object["upn"] != nil || object["scp"] != nil {
            kind = "user"
        } else {
            kind = "servicePrincipal"
        }
    }

    static func base64URL(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
