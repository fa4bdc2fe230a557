import AzureCredentials
import Foundation
import Testing

@Suite("Token identity")
struct TokenIdentityTests {
    static func jwt(_ claims: [String: String]) throws -> AccessToken {
        let header = Base64URL.encode(Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims))
        return AccessToken(value: "\(header).\(payload).c2lnbmF0dXJl", expiresAt: Date())
    }

    @Test("an app token: tid, oid, appid, idtyp app is a service principal")
    func servicePrincipal() throws {
        let identity = try Self.jwt(["tid": "t-1", "oid": "o-1", "appid": "a-1", "idtyp": "app"]).identity
        #expect(identity == TokenIdentity(tenantID: "t-1", objectID: "o-1", applicationID: "a-1", kind: .servicePrincipal))
    }

    @Test("a user token (v2: azp), and a managed identity's xms_mirid")
    func userAndManagedIdentity() throws {
        let user = try Self.jwt(["tid": "t-1", "oid": "u-1", "azp": "04b07795", "idtyp": "user"]).identity
        #expect(user == TokenIdentity(tenantID: "t-1", objectID: "u-1", applicationID: "04b07795", kind: .user))
        let managed = try Self.jwt([
            "tid": "t-1", "oid": "m-1", "appid": "a-2", "idtyp": "app",
            "xms_mirid": "/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
        ]).identity
        #expect(managed?.kind == .managedIdentity)
        #expect(try Self.jwt(["tid": "t-1"]).identity?.kind == .unknown)
    }

    @Test("an opaque or malformed token has no identity")
    func opaque() {
        #expect(AccessToken(value: "token-1", expiresAt: Date()).identity == nil)
        #expect(AccessToken(value: "a.b.c", expiresAt: Date()).identity == nil)
        #expect(AccessToken(value: "a.!!!.c", expiresAt: Date()).identity == nil)
    }
}
