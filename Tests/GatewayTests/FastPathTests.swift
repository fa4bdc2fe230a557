import APIKeys
import Foundation
@testable import Gateway
import GatewayConfig
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOPosix
import Testing

@Suite("The forwarding fast path")
struct FastPathTests {
    static func chat(_ client: any TestClientProtocol, _ secret: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", method: .post,
            headers: [HTTPField.Name("api-key")!: secret], body: ByteBuffer(string: #"{"messages":[{"role":"user","content":"hi"}]}"#))
    }

    /// A gateway in front of a fake upstream, on an SQLite store with one key, served by `application()` (the
    /// listener `bulwark gateway` runs).
    static func withGateway(
        _ body: @Sendable (any TestClientProtocol, GatewayApplication, IssuedKey, String) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        let upstreamApp = Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let folder = try TemporaryFolder("gateway-fastpath")
            defer { folder.remove() }
            let storePath = folder.path("keys.db")
            let store = try APIKeyStore(location: storePath)
            let issued = try store.create(name: "team", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil)
            let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "upstream-secret"]).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(port)", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:\(storePath)" }
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, httpClient: .shared, environment: ["UPSTREAM_KEY": "upstream-secret"])
            try await gateway.application().test(.live) { client in try await body(client, gateway, issued, storePath) }
        }
    }

    @Test("a key revoked by another process (bulwark keys revoke) is refused soon after, though the gateway remembers it")
    func revocationReachesMemory() async throws {
        try await Self.withGateway { client, gateway, issued, storePath in
            let memory = try #require(gateway.keyWatcher?.memory)
            try await withRunningServices(gateway.services) {
                // The watcher's first read makes memory trusted; from then on an accepted key is remembered.
                let deadline = ContinuousClock.now + .seconds(10)
                while memory.count == 0, ContinuousClock.now < deadline {
                    #expect(try await Self.chat(client, issued.secret).status == .ok)
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(memory.count == 1, "the accepted key is remembered")
                #expect(try await Self.chat(client, issued.secret).status == .ok)

                let cli = try APIKeyStore(location: storePath)  // another connection to the file
                #expect(try cli.revoke(prefix: issued.record.prefix))
                var refused: TestResponse?
                let revocationDeadline = ContinuousClock.now + .seconds(5)
                while refused == nil, ContinuousClock.now < revocationDeadline {
                    let response = try await Self.chat(client, issued.secret)
                    if response.status != .ok { refused = response } else { try await Task.sleep(for: .milliseconds(10)) }
                }
                let answer = try #require(refused, "the revocation never reached the gateway")
                #expect(answer.status == .unauthorized)
                #expect(String(buffer: answer.body).contains("key_revoked"))
                #expect(memory.count == 0)
            }
        }
    }

    @Test("without the watcher nothing is remembered, and a key rotated by another connection is refused at once")
    func changesWithoutWatcher() async throws {
        try await Self.withGateway { client, gateway, issued, storePath in
            let memory = try #require(gateway.keyWatcher?.memory)
            // The services (and the watcher) are not running: every lookup is the store's.
            #expect(try await Self.chat(client, issued.secret).status == .ok)
            #expect(memory.count == 0)
            let cli = try APIKeyStore(location: storePath)
            _ = try cli.rotate(prefix: issued.record.prefix, grace: 0)
            let refused = try await Self.chat(client, issued.secret)
            #expect(refused.status == .unauthorized)
            #expect(String(buffer: refused.body).contains("key_rotated"))
        }
    }

    @Test("a connection served through EventLoopPinnedChannel runs its handler on its event loop, and comes back to it after awaits")
    func pinnedToTheEventLoop() async throws {
        let router = Router()
        router.get("/loop") { _, _ -> String in
            guard let before = MultiThreadedEventLoopGroup.currentEventLoop else { return "not on an event loop" }
            await BlockingIO.shared.run {}
            try await Task.sleep(for: .milliseconds(1))
            guard let after = MultiThreadedEventLoopGroup.currentEventLoop else { return "left the event loop" }
            return ObjectIdentifier(before) == ObjectIdentifier(after) ? "same" : "moved"
        }
        // The wrapper GatewayApplication.httpServer puts around every connection, here around plain HTTP/1.
        let pinned = HTTPServerBuilder { responder in EventLoopPinnedChannel(base: HTTP1Channel(responder: responder)) }
        let app = Application(router: router, server: pinned, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            for _ in 0..<5 {
                let response = try await client.execute(uri: "/loop", method: .get)
                #expect(String(buffer: response.body) == "same")
            }
        }
    }
}
