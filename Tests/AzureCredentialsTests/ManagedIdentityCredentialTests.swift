import AzureCredentials
import Foundation
import GatewayTesting
import Testing

@Suite("Managed and workload identity credentials")
struct ManagedIdentityCredentialTests {
    static let arm = "https://management.azure.com/.default"
    static let graph = "https://graph.microsoft.com/.default"

    @Test("IMDS at the injected base URL: Metadata header, the resource and AZURE_CLIENT_ID for a user-assigned identity")
    func instanceMetadata() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let credential = ManagedIdentityCredential(environment: ["AZURE_CLIENT_ID": "mi-1"], instanceMetadataEndpoint: base)
            #expect(credential.sourceName == "managed identity (instance metadata)")
            #expect(try await credential.token(scope: Self.arm).value == "token-1")
            let received = try #require(service.received.withLock { $0 }.first)
            #expect(received.headers["metadata"] == "true")
            #expect(
                received.path
                    == "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com&client_id=mi-1")
        }
    }

    @Test("App Service when IDENTITY_ENDPOINT and IDENTITY_HEADER are set")
    func appService() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let credential = ManagedIdentityCredential(
                environment: ["IDENTITY_ENDPOINT": base.absoluteString + "/msi/token", "IDENTITY_HEADER": "hdr"],
                instanceMetadataEndpoint: URL(string: "http://127.0.0.1:9")!)
            #expect(credential.sourceName == "managed identity (App Service)")
            #expect(try await credential.token(scope: Self.graph).value == "token-1")
            let received = try #require(service.received.withLock { $0 }.first)
            #expect(received.headers["x-identity-header"] == "hdr")
            #expect(received.path == "/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fgraph.microsoft.com")
        }
    }

    @Test("IMDS that does not answer within the probe timeout is unreachable, quickly")
    func probe() async throws {
        let refusing = try RefusingPort()
        let credential = ManagedIdentityCredential(
            environment: [:], instanceMetadataEndpoint: URL(string: "http://127.0.0.1:\(refusing.port)")!, probeTimeout: .seconds(1))
        let started = ContinuousClock.now
        await #expect(throws: CredentialError.self) { try await credential.token(scope: Self.arm) }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("workload identity: the federated file is read on every exchange, under the cloud's authority host")
    func workloadIdentity() async throws {
        let service = FakeTokenService()
        let folder = try TemporaryFolder("bulwark-wi")
        defer { folder.remove() }
        let file = folder.path("token")
        try "federated-1".write(toFile: file, atomically: true, encoding: .utf8)
        try await service.withServer { (base: URL) async throws -> Void in
            var cloud = AzureCloud.azureCloud
            cloud.authorityHost = base
            let credential = try WorkloadIdentityCredential(
                environment: ["AZURE_FEDERATED_TOKEN_FILE": file, "AZURE_CLIENT_ID": "app-1", "AZURE_TENANT_ID": "tenant-1"], cloud: cloud)
            #expect(credential.sourceName == "workload identity")
            #expect(try await credential.token(scope: Self.arm).value == "token-1")
            try "federated-2".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try await credential.token(scope: Self.graph).value == "token-2")
            let received = service.received.withLock { $0 }
            #expect(received.map(\.path) == ["/tenant-1/oauth2/v2.0/token", "/tenant-1/oauth2/v2.0/token"])
            #expect(received[0].body.hasSuffix("client_assertion=federated-1"))
            #expect(received[1].body.hasSuffix("client_assertion=federated-2"))
        }
        #expect(throws: CredentialError.missingEnvironment("AZURE_FEDERATED_TOKEN_FILE")) {
            try WorkloadIdentityCredential(environment: ["AZURE_CLIENT_ID": "app-1"])
        }
    }

    @Test("tokens are cached per scope; invalidate(scope:) forgets only that scope")
    func perScope() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let credential = ManagedIdentityCredential(environment: [:], instanceMetadataEndpoint: base)
            #expect(try await credential.token(scope: Self.arm).value == "token-1")
            #expect(try await credential.token(scope: Self.graph).value == "token-2", "another audience, another token")
            #expect(try await credential.token(scope: Self.arm).value == "token-1")
            #expect(try await credential.token(scope: Self.graph).value == "token-2")
            await credential.invalidate(scope: Self.arm)
            #expect(try await credential.token(scope: Self.arm).value == "token-3")
            #expect(try await credential.token(scope: Self.graph).value == "token-2")
            #expect(service.received.withLock { $0.count } == 3)
        }
    }

    @Test("concurrent callers for one scope share one fetch")
    func singleFlight() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let credential = ManagedIdentityCredential(environment: [:], instanceMetadataEndpoint: base)
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<20 {
                    group.addTask { try await credential.token(scope: index.isMultiple(of: 2) ? Self.arm : Self.graph).value }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens.count == 2)
            #expect(service.received.withLock { $0.count } == 2)
        }
    }

    @Test("the gateway's CachedCredential is a TokenCredential too, per scope")
    func cachedCredential() async throws {
        let service = FakeTokenService()
        try await service.withServer { (base: URL) async throws -> Void in
            let credential = CachedCredential(
                source: .instanceMetadata(endpoint: base, clientID: nil), scope: Self.arm, client: .shared, environment: [:])
            let asProtocol: any TokenCredential = credential
            #expect(try await credential.token().value == "token-1")
            #expect(try await asProtocol.token(scope: Self.arm).value == "token-1")
            #expect(try await asProtocol.token(scope: Self.graph).value == "token-2")
            #expect(asProtocol.sourceName == "managed identity (instance metadata)")
        }
    }
}
