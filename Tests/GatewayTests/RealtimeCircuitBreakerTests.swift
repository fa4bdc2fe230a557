import APIKeys
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// Two upstreams serving the realtime deployment, `flaky` first and `backup` second, in front of one gateway whose
/// circuit breakers read a manual clock; `flaky` may also be a port that refuses connections.
struct RealtimeBreakerHarness: Sendable {
    let realtime: RealtimeHarness
    let flaky: FakeRealtimeUpstream
    let backup: FakeRealtimeUpstream
    let clock: ManualClock
    let gateway: GatewayApplication

    /// One session through the gateway: an input item sent and confirmed, so the upstream leg was open.
    func session() async throws {
        try await realtime.session { session in
            try await session.sendInput("hi")
            _ = try await session.events(until: "conversation.item.created")
        }
    }

    var flakyUpgrades: Int { flaky.upgrades.withLock { $0.count } }
    var backupUpgrades: Int { backup.upgrades.withLock { $0.count } }

    /// `bulwark_gateway_upstream_errors_total` for `upstream`, from the gateway's metrics router (0 when absent).
    func upstreamErrors(_ upstream: String) async throws -> Int {
        let text = try await MetricsScrape.$gateway.withValue(gateway) { try await MetricsScrape.text() }
        let prefix = "bulwark_gateway_upstream_errors_total{upstream=\"\(upstream)\"} "
        let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return line.flatMap { Int(Double($0.dropFirst(prefix.count)) ?? -1) } ?? 0
    }

    /// A gateway in front of `flaky` (or, when `flakyPort` is given, of that port instead) and `backup`.
    static func run(flakyPort: Int? = nil, _ body: @Sendable (RealtimeBreakerHarness) async throws -> Void) async throws {
        let folder = try TemporaryFolder("gateway-realtime-breakers")
        defer { folder.remove() }
        let flaky = FakeRealtimeUpstream()
        let backup = FakeRealtimeUpstream()
        let clock = ManualClock()
        try await flaky.application().test(.live) { flakyClient in
            try await backup.application().test(.live) { backupClient in
                let store = try APIKeyStore(location: folder.path("keys.db"))
                let key = try store.create(name: "rt", scope: APIKeyScope(deployments: ["gpt-4o-realtime"]), expiresIn: nil).secret
                let environment = ["UPSTREAM_KEY": "upstream-secret"]
                let first = try flakyPort ?? #require(flakyClient.port)
                let configuration = try GatewayConfigurationLoader(environment: environment).load(
                    """
                    listen: "127.0.0.1:0"
                    upstreams:
                      - { name: flaky, endpoint: "http://127.0.0.1:\(first)", region: westeurope, deployments: [gpt-4o-realtime], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                      - { name: backup, endpoint: "http://127.0.0.1:\(try #require(backupClient.port))", region: westeurope, deployments: [gpt-4o-realtime], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                    keys: { store: "sqlite:unused.db" }
                    """, file: "gateway.yaml"
                ).get()
                let gateway = GatewayApplication(
                    configuration: configuration, keyStore: store, httpClient: .shared, environment: environment, now: clock.now)
                let app = Application(
                    router: gateway.router(), server: gateway.httpServer(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
                try await app.test(.live) { client in
                    let realtime = RealtimeHarness(client: client, port: try #require(client.port), key: key, upstream: backup)
                    try await body(RealtimeBreakerHarness(realtime: realtime, flaky: flaky, backup: backup, clock: clock, gateway: gateway))
                }
            }
        }
    }
}

@Suite("Realtime sessions and the upstream circuit breakers")
struct RealtimeCircuitBreakerTests {
    @Test("an upstream answering its upgrades with 503 opens its breaker at the third failure; the next session goes to the healthy one")
    func failedHandshakesOpenTheBreaker() async throws {
        try await RealtimeBreakerHarness.run { harness in
            harness.flaky.refusesUpgrades.withLock { $0 = true }
            for session in 1...3 {
                try await harness.session()
                #expect(harness.flakyUpgrades == session, "tried first while its breaker is closed")
                #expect(harness.backupUpgrades == session, "then failed over")
            }
            try await harness.session()
            #expect(harness.flakyUpgrades == 3, "open: skipped without a connect attempt")
            #expect(harness.backupUpgrades == 4)
            #expect(try await harness.upstreamErrors("flaky") == 3)
        }
    }

    @Test("an upstream refusing connections (nothing listening) opens its breaker too; later sessions never try it")
    func refusedConnectionsOpenTheBreaker() async throws {
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        try await RealtimeBreakerHarness.run(flakyPort: refusing.port) { harness in
            for _ in 1...5 { try await harness.session() }
            #expect(harness.backupUpgrades == 5)
            #expect(try await harness.upstreamErrors("flaky") == 3, "three refused connects, then no more attempts")
        }
    }

    @Test("after the cooldown the breaker is half-open: the next session tries the upstream, and its success closes the breaker")
    func successClosesAHalfOpenBreaker() async throws {
        try await RealtimeBreakerHarness.run { harness in
            harness.flaky.refusesUpgrades.withLock { $0 = true }
            for _ in 1...3 { try await harness.session() }
            harness.clock.advance(by: .seconds(29))
            try await harness.session()
            #expect(harness.flakyUpgrades == 3, "still open within the 30 s cooldown")

            harness.clock.advance(by: .seconds(1))
            harness.flaky.refusesUpgrades.withLock { $0 = false }
            try await harness.session()
            #expect(harness.flakyUpgrades == 4, "half-open: tried again")
            #expect(harness.backupUpgrades == 4, "and it served the session")

            // Closed again: one failure no longer opens it (a half-open breaker would reopen at once).
            harness.flaky.refusesUpgrades.withLock { $0 = true }
            try await harness.session()
            try await harness.session()
            #expect(harness.flakyUpgrades == 6, "tried on both sessions: closed, one failure counted")
            #expect(harness.backupUpgrades == 6)
        }
    }
}
