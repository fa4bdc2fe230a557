import EntraID
import Foundation
import Synchronization
import Testing

@Suite("Entra ID token validation")
struct EntraTokenValidatorTests {
    static let issuer = try! TestIssuer(kid: "key-1")
    static let other = try! TestIssuer(kid: "key-2")

    /// A JWKS source that serves `published` and counts fetches; `failing` makes every fetch fail.
    final class Source: Sendable {
        let published: Mutex<[TestIssuer]>
        let failing = Mutex(false)
        let fetches = Mutex(0)
        init(_ published: [TestIssuer]) { self.published = Mutex(published) }

        var fetch: SigningKeySet.Fetch {
            { [self] in
                fetches.withLock { $0 += 1 }
                if failing.withLock({ $0 }) { throw URLError(.cannotConnectToHost) }
                return try TestIssuer.jwks(published.withLock { $0 })
            }
        }
    }

    static func validator(_ source: Source, skew: Int = 60, now: Date = Date(), refreshInterval: Duration = .seconds(30))
        -> EntraTokenValidator
    {
        EntraTokenValidator(
            settings: TestIssuer.settings(skew: skew),
            keys: SigningKeySet(unknownKeyRefreshInterval: refreshInterval, fetch: source.fetch), now: { now }
        )
    }

    static func rejection(_ validator: EntraTokenValidator, _ token: String) async -> TokenRejection.Code? {
        do {
            _ = try await validator.validate(token)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("a token signed by the tenant's key, for this audience, in its lifetime, is accepted with its claims")
    func accepts() async throws {
        let validator = Self.validator(Source([Self.issuer]))
        let principal = try await validator.validate(try Self.issuer.token(TestIssuer.claims(["amr": ["pwd", "mfa"], "groups": ["g1"]])))
        #expect(principal.subject == "00000000-0000-0000-0000-0000000000aa")
        #expect(principal.tenant == TestIssuer.tenant)
        #expect(principal.roles == ["Gateway.Chat"])
        #expect(principal.groups == ["g1"])
        #expect(principal.clientApplication == "client-app")
        #expect(principal.showsMultifactor(acceptingContexts: []))
        #expect(!TestIssuer.settings().issuers(for: TestIssuer.tenant).isEmpty)
        let v1 = try Self.issuer.token(
            TestIssuer.claims(["iss": "https://sts.windows.net/\(TestIssuer.tenant)/", "aud": ["other", TestIssuer.audience]]))
        #expect(await Self.rejection(validator, v1) == nil, "v1.0 issuers of the public cloud and audience lists are accepted")
    }

    static let otherTenant = "11111111-1111-1111-1111-111111111111"

    @Test(
        "each bad token is refused with its own reason",
        arguments: [
            ("expired", #"{"exp": \#(Date().timeIntervalSince1970 - 3600)}"#, TokenRejection.Code.expired),
            ("not yet valid", #"{"nbf": \#(Date().timeIntervalSince1970 + 600)}"#, .notYetValid),
            ("wrong audience", #"{"aud": "api://someone-else"}"#, .audienceInvalid),
            ("wrong issuer", #"{"iss": "https://login.microsoftonline.com/\#(TestIssuer.tenant)/v1.5"}"#, .issuerInvalid),
            ("issuer of another tenant", #"{"iss": "https://login.microsoftonline.com/\#(otherTenant)/v2.0"}"#, .issuerInvalid),
            (
                "tenant not allowed", #"{"tid": "\#(otherTenant)", "iss": "https://login.microsoftonline.com/\#(otherTenant)/v2.0"}"#,
                .tenantNotAllowed
            ),
            ("no expiry", #"{"exp": null}"#, .malformed),
            ("no subject", #"{"oid": null, "sub": null}"#, .malformed),
        ])
    func refusesClaims(name: String, changes: String, expected: TokenRejection.Code) async throws {
        let changes = try #require(try JSONSerialization.jsonObject(with: Data(changes.utf8)) as? [String: Any])
        let validator = Self.validator(Source([Self.issuer]))
        #expect(await Self.rejection(validator, try Self.issuer.token(TestIssuer.claims(changes))) == expected, "\(name)")
    }

    @Test("clock skew is allowed up to the configured bound, not beyond")
    func clockSkew() async throws {
        let now = Date()
        let recentlyExpired = try Self.issuer.token(TestIssuer.claims(now: now, ["exp": now.timeIntervalSince1970 - 30]))
        #expect(await Self.rejection(Self.validator(Source([Self.issuer]), skew: 60, now: now), recentlyExpired) == nil)
        #expect(await Self.rejection(Self.validator(Source([Self.issuer]), skew: 10, now: now), recentlyExpired) == .expired)
        let early = try Self.issuer.token(TestIssuer.claims(now: now, ["nbf": now.timeIntervalSince1970 + 30]))
        #expect(await Self.rejection(Self.validator(Source([Self.issuer]), skew: 60, now: now), early) == nil)
    }

    @Test("alg none, HMAC and a wrong signing key are refused before any claim is trusted")
    func refusesForgeries() async throws {
        let validator = Self.validator(Source([Self.issuer]))
        let claims = TestIssuer.claims()
        let signed = try Self.issuer.token(claims)
        let parts = signed.split(separator: ".")
        let noneHeader = TestIssuer.base64URL(try JSONSerialization.data(withJSONObject: ["alg": "none", "kid": "key-1"]))
        #expect(await Self.rejection(validator, "\(noneHeader).\(parts[1]).") == .algorithmNotAllowed)
        #expect(await Self.rejection(validator, try Self.issuer.token(claims, header: ["alg": "HS256"])) == .algorithmNotAllowed)
        // Signed by another key but claiming the published key's kid.
        let forged = try TestIssuer(kid: "key-1").token(claims)
        #expect(await Self.rejection(validator, forged) == .signatureInvalid)
        // A signature moved from one token to another.
        let spliced = try Self.issuer.token(TestIssuer.claims(["roles": ["Admin"]])).split(separator: ".")
        #expect(await Self.rejection(validator, "\(spliced[0]).\(spliced[1]).\(parts[2])") == .signatureInvalid)
        #expect(await Self.rejection(validator, "not.a.jwt") == .malformed)
        #expect(await Self.rejection(validator, try Self.issuer.token(claims, header: ["kid": NSNull()])) == .signingKeyUnknown)
    }

    @Test("an unknown kid fetches the keys again (rollover); made-up kids cannot force a fetch per request")
    func rollover() async throws {
        let source = Source([Self.issuer])
        let validator = Self.validator(source)
        #expect(await Self.rejection(validator, try Self.issuer.token(TestIssuer.claims())) == nil)
        #expect(source.fetches.withLock { $0 } == 1)
        #expect(await Self.rejection(validator, try Self.issuer.token(TestIssuer.claims())) == nil)
        #expect(source.fetches.withLock { $0 } == 1, "keys are cached")
        source.published.withLock { $0 = [Self.issuer, Self.other] }
        #expect(await Self.rejection(validator, try Self.other.token(TestIssuer.claims())) == nil, "a new key is picked up")
        #expect(source.fetches.withLock { $0 } == 2)
        let unknown = try TestIssuer(kid: "made-up").token(TestIssuer.claims())
        #expect(await Self.rejection(validator, unknown) == .signingKeyUnknown)
        #expect(await Self.rejection(validator, unknown) == .signingKeyUnknown)
        #expect(source.fetches.withLock { $0 } == 2, "unknown kids within the refresh interval do not fetch again")
    }

    @Test("when the keys cannot be fetched every token is refused")
    func keysUnavailable() async throws {
        let source = Source([Self.issuer])
        source.failing.withLock { $0 = true }
        let validator = Self.validator(source)
        let rejection = await Self.rejection(validator, try Self.issuer.token(TestIssuer.claims()))
        #expect(rejection == .signingKeysUnavailable)
        #expect(TokenRejection(.signingKeysUnavailable).isServiceFault)
        source.failing.withLock { $0 = false }
        #expect(await Self.rejection(validator, try Self.issuer.token(TestIssuer.claims())) == nil, "and accepted once they can")
    }

    @Test("JWT-shaped credentials are told apart from gateway keys")
    func shapes() throws {
        #expect(EntraTokenValidator.looksLikeJWT(try Self.issuer.token(TestIssuer.claims())))
        #expect(!EntraTokenValidator.looksLikeJWT("bwk_3f9a2c1d7b6e_secret"))
    }
}
