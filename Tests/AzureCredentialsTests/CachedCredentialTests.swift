import AsyncHTTPClient
import AzureCredentials
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import GatewayTesting

@Suite("Upstream credentials")
struct CachedCredentialTests {
    static let scope = "https://cognitiveservices.azure.com/.default"

    @Test("IMDS: GET with Metadata: true, the resource and the client id; the token is cached")
    func instanceMetadata() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let credential = CachedCredential(
                source: .instanceMetadata(endpoint: base, clientID: "mi-client"), scope: Self.scope, client: .shared, environment: [:])
            #expect(try await credential.token().value == "token-1")
            #expect(try await credential.token().value == "token-1", "reused until close to expiry")
            let received = try #require(service.received.withLock { $0 }.first)
            #expect(service.received.withLock { $0.count } == 1)
            #expect(received.method == "GET")
            #expect(received.headers["metadata"] == "true")
            #expect(
                received.path.hasPrefix(
                    "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fcognitiveservices.azure.com&client_id=mi-client"
                ))
        }
    }

    @Test("App Service: the endpoint and secret header come from the environment")
    func appService() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let environment = ["IDENTITY_ENDPOINT": base.absoluteString + "/msi/token", "IDENTITY_HEADER": "header-secret"]
            let credential = CachedCredential(
                source: .appService(endpointEnvironment: "IDENTITY_ENDPOINT", headerEnvironment: "IDENTITY_HEADER", clientID: nil),
                scope: Self.scope, client: .shared, environment: environment
            )
            #expect(try await credential.token().value == "token-1")
            let received = try #require(service.received.withLock { $0 }.first)
            #expect(received.headers["x-identity-header"] == "header-secret")
            #expect(received.path == "/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fcognitiveservices.azure.com")
            let unset = CachedCredential(
                source: .appService(endpointEnvironment: "IDENTITY_ENDPOINT", headerEnvironment: "IDENTITY_HEADER", clientID: nil),
                scope: Self.scope, client: .shared, environment: [:])
            await #expect(throws: CredentialError.missingEnvironment("IDENTITY_ENDPOINT")) { try await unset.token() }
        }
    }

    @Test("workload identity: the federated token from the file is the client assertion, read again on each exchange")
    func workloadIdentity() async throws {
        let service = FakeTokenService(lifetime: 2)  // refreshed at once: half of a 2 s lifetime is 1 s
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("federated-\(UUID().uuidString)").path
        try "federated-1\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await service.withServer { (base: URL) async throws -> Void in
            let now = Mutex(Date())
            let credential = CachedCredential(
                source: .workloadIdentity(authority: base, tenantID: "tenant-1", clientID: "app-1", tokenFile: file),
                scope: Self.scope, client: .shared, environment: [:], now: { now.withLock { $0 } }
            )
            #expect(try await credential.token().value == "token-1")
            try "federated-2".write(toFile: file, atomically: true, encoding: .utf8)
            now.withLock { $0 = $0.addingTimeInterval(1.5) }
            #expect(try await credential.token().value == "token-2", "refreshed before expiry")
            let received = service.received.withLock { $0 }
            #expect(received.map(\.path) == ["/tenant-1/oauth2/v2.0/token", "/tenant-1/oauth2/v2.0/token"])
            #expect(received[0].method == "POST")
            #expect(received[0].headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(
                received[0].body
                    == "grant_type=client_credentials&client_id=app-1&scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default"
                    + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=federated-1"
            )
            #expect(received[1].body.hasSuffix("client_assertion=federated-2"))
        }
    }

    @Test("client secret: sent only to the token endpoint; a refusal is an error that names no secret")
    func clientSecret() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let source = CredentialSource.clientSecret(
                authority: base, tenantID: "tenant-1", clientID: "app-1", secretEnvironment: "APP_SECRET")
            let credential = CachedCredential(source: source, scope: Self.scope, client: .shared, environment: ["APP_SECRET": "s3cr3t+/="])
            #expect(try await credential.token().value == "token-1")
            #expect(service.received.withLock { $0 }.first?.body.hasSuffix("client_secret=s3cr3t%2B%2F%3D") == true)

            service.failStatus.withLock { $0 = 401 }
            let refused = CachedCredential(source: source, scope: Self.scope, client: .shared, environment: ["APP_SECRET": "s3cr3t+/="])
            do {
                _ = try await refused.token()
                Issue.record("a refused request produced a token")
            } catch {
                #expect(error as? CredentialError == .refused(source: "the Entra token endpoint", status: 401))
                #expect(!"\(error)".contains("s3cr3t"))
            }
        }
    }

    @Test("a failed refresh keeps using the cached token while it is valid; invalidate forgets it")
    func refreshFailure() async throws {
        let service = FakeTokenService(lifetime: 600)
        try await service.withServer { (base: URL) async throws -> Void in
            let now = Mutex(Date())
            let credential = CachedCredential(
                source: .instanceMetadata(endpoint: base, clientID: nil), scope: Self.scope, client: .shared, environment: [:],
                now: { now.withLock { $0 } })
            #expect(try await credential.token().value == "token-1")
            service.failStatus.withLock { $0 = 500 }
            now.withLock { $0 = $0.addingTimeInterval(400) }  // past the refresh point (expiry − 300 s), before expiry
            #expect(try await credential.token().value == "token-1")
            #expect(service.received.withLock { $0.count } == 2, "a refresh was tried")
            await credential.invalidate()
            await #expect(throws: CredentialError.refused(source: "the instance metadata service", status: 500)) {
                try await credential.token()
            }
        }
    }

    @Test("concurrent callers share one fetch")
    func singleFlight() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let credential = CachedCredential(
                source: .instanceMetadata(endpoint: base, clientID: nil), scope: Self.scope, client: .shared, environment: [:])
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await credential.token().value } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens == ["token-1"])
            #expect(service.received.withLock { $0.count } == 1)
        }
    }

    @Test("the token's description never shows it")
    func redacted() {
        #expect(!"\(AccessToken(value: "eyJsecret", expiresAt: Date()))".contains("eyJsecret"))
    }
}
