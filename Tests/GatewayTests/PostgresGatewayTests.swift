import APIKeys
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresStore
import Testing

@Suite("Gateway with a PostgreSQL key store", .enabled(if: postgresTestURL != nil))
struct PostgresGatewayTests {
    @Test("a key created through the store authenticates through the gateway, and its revocation refuses it at once")
    func keysFromPostgres() async throws {
        try await PostgresGatewayFixture.run { opened, configuration, environment in
            let issued = try await opened.store.create(
                name: "pg", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil, now: Date())
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: opened.store, ledger: opened.ledger, httpClient: .shared,
                environment: environment)
            let app = Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
                #expect(try await Self.chat(client, issued.secret).status == .ok)
                try await opened.store.revoke(prefix: issued.record.prefix, now: Date())
                let refused = try await Self.chat(client, issued.secret)
                #expect(refused.status == .unauthorized)
                #expect(String(buffer: refused.body).contains("key_revoked"))
            }
        }
    }

    @Test("keys.store takes postgres:// locations, refuses one holding a password without repeating it, and reads keys.passwordEnv")
    func configuration() throws {
        let base = """
            listen: "127.0.0.1:0"
            upstreams:
              - { name: fake, endpoint: "http://127.0.0.1:1", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }
            """
        let loader = GatewayConfigurationLoader(environment: ["K": "k"])
        let good = try loader.load(
            base + "\nkeys: { store: \"postgres://bulwark@db.internal:5432/keys\", passwordEnv: BULWARK_PG }", file: "g.yaml"
        ).get()
        #expect(good.keyStorePasswordEnvironment == "BULWARK_PG")
        guard case .failure(let errors) = loader.load(base + "\nkeys: { store: \"postgres://u:hunter2@db/keys\" }", file: "g.yaml") else {
            Issue.record("a password in keys.store was accepted")
            return
        }
        #expect(errors.description.contains("keys.store"))
        #expect(!errors.description.contains("hunter2"))
    }

    static func chat(_ client: any TestClientProtocol, _ secret: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", method: .post,
            headers: [HTTPField.Name("api-key")!: secret], body: ByteBuffer(string: #"{"messages":[{"role":"user","content":"hi"}]}"#))
    }
}

@Suite("Gateway with an unreachable PostgreSQL key store")
struct UnreachablePostgresGatewayTests {
    @Test("a key the gateway cannot look up is a 503 key_store_unavailable within the timeout, and /readyz says so")
    func unreachable() async throws {
        var options = PostgresKeyStore.Options()
        options.timeout = .milliseconds(300)
        // Nothing listens on port 1; the store is not even running, as while PostgreSQL is away at startup.
        let opened = try KeyStores.open("postgres://bulwark@127.0.0.1:1/bulwark", pepper: nil, environment: [:], options: options)
        let configuration = try GatewayConfigurationLoader(environment: ["K": "k"]).load(
            """
            listen: "127.0.0.1:0"
            upstreams:
              - { name: fake, endpoint: "http://127.0.0.1:1", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }
            keys: { store: "postgres://bulwark@127.0.0.1:1/bulwark" }
            """, file: "gateway.yaml"
        ).get()
        let gateway = GatewayApplication(configuration: configuration, keyStore: opened.store, httpClient: .shared, environment: ["K": "k"])
        let app = Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let start = ContinuousClock.now
            let response = try await PostgresGatewayTests.chat(client, "bwk_0123456789ab_" + String(repeating: "A", count: 43))
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body).contains("key_store_unavailable"))
            // Within the timeout rather than hanging: the bound allows a machine starved by the rest of the suite.
            #expect(start.duration(to: .now) < .seconds(15))
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
        }
    }
}
