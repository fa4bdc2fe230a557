import APIKeys
import AsyncHTTPClient
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

/// Slow and idle clients are cut, and one address cannot hold every connection (slowloris), while normal clients are
/// served: the gateway's own server (``GatewayApplication/httpServer(_:)``) with short, configured timeouts.
@Suite("Connection timeouts and the per-address limit", .timeLimit(.minutes(1)))
struct ConnectionLimitTests {
    static func withServer(
        _ connections: GatewayConfiguration.Connections, _ body: @Sendable (Int, GatewayApplication) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder("gateway-connections")
        defer { folder.remove() }
        let store = try APIKeyStore(location: folder.path("keys.db"))
        var configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k"]).load(
            """
            listen: "127.0.0.1:0"
            upstreams:
              - { name: fake, endpoint: "http://127.0.0.1:1", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
            keys: { store: "sqlite:unused.db" }
            """, file: "gateway.yaml"
        ).get()
        configuration.connections = connections
        let gateway = GatewayApplication(
            configuration: configuration, keyStore: store, httpClient: .shared, environment: ["UPSTREAM_KEY": "k"])
        // Run as the gateway runs, with no test client holding a connection of its own (it would count, and be cut).
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: gateway.router(), server: gateway.httpServer(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in listening.yield(channel.localAddress?.port ?? 0) })
        try await withRunningServices([app]) {
            var next = ports.makeAsyncIterator()
            try await body(try #require(await next.next()), gateway)
        }
    }

    /// A raw TCP connection: sends `text`, then reads until the server closes; the bytes read and how long it took.
    static func send(_ text: String, port: Int, waitingUpTo limit: Duration = .seconds(10)) async throws -> (String, Duration) {
        let started = ContinuousClock.now
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) {
            channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    // A server that has closed already (a refusal, or a busy machine slower than the timeout) is
                    // what the reading below finds out; the write failing says no more.
                    if !text.isEmpty { try? await outbound.write(ByteBuffer(string: text)) }
                    var received = ""
                    do { for try await buffer in inbound { received += String(buffer: buffer) } } catch {}
                    return received
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let received = first else {
                try? await channel.channel.close()
                throw ConnectionStillOpen()
            }
            return (received, ContinuousClock.now - started)
        }
    }

    struct ConnectionStillOpen: Error {}

    static func healthz(_ port: Int) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(5))
        return Int(response.status.code)
    }

    @Test("a client that sends part of its headers, or nothing, is cut after the header timeout while a normal client is served")
    func slowClientCut() async throws {
        try await Self.withServer(.init(headerTimeout: .milliseconds(800), idleTimeout: .seconds(30), maximumPerAddress: 64)) {
            port, gateway in
            // The bounds allow a machine starved by the rest of the suite; the metric below says which timer cut them.
            async let partial = Self.send("GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: ", port: port, waitingUpTo: .seconds(40))
            async let silent = Self.send("", port: port, waitingUpTo: .seconds(40))
            // Served while the slow ones hold their connections.
            #expect(try await Self.healthz(port) == 200)
            for (received, elapsed) in [try await partial, try await silent] {
                #expect(received.isEmpty, "no answer, the connection is closed: \(received)")
                #expect(elapsed >= .milliseconds(750) && elapsed < .seconds(30), "cut after the header timeout: \(elapsed)")
            }
            let metrics = try await Self.scrape(gateway)
            #expect(metrics.contains(#"bulwark_gateway_connections_closed_total{reason="header_timeout"} 2"#), "\(metrics)")
        }
    }

    @Test("a kept-alive connection is closed after the idle timeout; a request in time is answered")
    func idleClientCut() async throws {
        // The header timeout is far off, so the metric's reason (not the elapsed time, which a busy machine
        // stretches) shows which timer closed the connection.
        try await Self.withServer(.init(headerTimeout: .seconds(30), idleTimeout: .milliseconds(500), maximumPerAddress: 64)) {
            port, gateway in
            let (received, elapsed) = try await Self.send("GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n", port: port)
            #expect(received.hasPrefix("HTTP/1.1 200") && received.hasSuffix("ok"), "\(received)")
            #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(20), "closed once idle for the idle timeout: \(elapsed)")
            let metrics = try await Self.scrape(gateway)
            #expect(metrics.contains(#"bulwark_gateway_connections_closed_total{reason="idle_timeout"} 1"#), "\(metrics)")
        }
    }

    @Test("a kept-alive connection that keeps asking outlives the idle timeout; gone quiet mid-head, it is cut by the header timeout")
    func keptAliveClientKeepsItsConnection() async throws {
        // The idle timeout leaves each 200 ms pause 2.8 s of slack, for a machine starved by the rest of the suite.
        try await Self.withServer(.init(headerTimeout: .milliseconds(700), idleTimeout: .seconds(3), maximumPerAddress: 64)) {
            port, gateway in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) {
                channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
            let (answers, cutAfter) = try await channel.executeThenClose { inbound, outbound in
                var reading = inbound.makeAsyncIterator()
                var answers = 0
                let started = ContinuousClock.now
                var answered = started
                // Sixteen requests 200 ms apart: 3 s in all, more than the idle timeout, never idle for it.
                for round in 0..<16 {
                    if round > 0 { try await Task.sleep(for: .milliseconds(200)) }
                    let pause = ContinuousClock.now - answered
                    do {
                        try await outbound.write(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n"))
                        var received = ""
                        while !received.hasSuffix("ok"), let buffer = try await reading.next() { received += String(buffer: buffer) }
                        if received.hasPrefix("HTTP/1.1 200") { answers += 1 }
                    } catch {
                        Issue.record("closed at request \(round + 1), \(pause) after the last answer: \(error)")
                        break
                    }
                    answered = ContinuousClock.now
                }
                #expect(ContinuousClock.now - started >= .seconds(3))
                let quiet = ContinuousClock.now
                try await outbound.write(ByteBuffer(string: "GET /healthz HTTP/1.1\r\nHost: gat"))
                while try await reading.next() != nil {}
                return (answers, ContinuousClock.now - quiet)
            }
            #expect(answers == 16)
            #expect(cutAfter >= .milliseconds(650) && cutAfter < .seconds(20), "cut after the header timeout: \(cutAfter)")
            let metrics = try await Self.scrape(gateway)
            #expect(metrics.contains(#"bulwark_gateway_connections_closed_total{reason="header_timeout"} 1"#), "\(metrics)")
            #expect(!metrics.contains(#"reason="idle_timeout""#), "\(metrics)")
        }
    }

    @Test("the per-address limit refuses the next connection at once, and admits again once one closes")
    func perAddressLimit() async throws {
        try await Self.withServer(.init(headerTimeout: .seconds(30), idleTimeout: .seconds(30), maximumPerAddress: 2)) { port, gateway in
            let group = MultiThreadedEventLoopGroup.singleton
            let held = try await (0..<2).asyncMap { _ in
                try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
            }
            // Give the server the moment it needs to accept both.
            try await Task.sleep(for: .milliseconds(500))
            let request = "GET /healthz HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n"
            let (refused, elapsed) = try await Self.send(request, port: port)
            // At once: well before the 30 s timeouts, however starved the machine is by the rest of the suite.
            #expect(refused.isEmpty && elapsed < .seconds(15), "the third is closed without an answer: \(refused) after \(elapsed)")
            try await held[0].close()
            // The server gives the place back once it has seen the close: ask until it has (a busy machine is slow).
            var answer = ""
            for _ in 0..<50 where !answer.hasPrefix("HTTP/1.1 200") {
                try await Task.sleep(for: .milliseconds(100))
                answer = try await Self.send(request, port: port).0
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"), "a place was given back")
            try await held[1].close()
            let metrics = try await Self.scrape(gateway)
            #expect(metrics.contains(#"bulwark_gateway_connections_closed_total{reason="per_address_limit"}"#), "\(metrics)")
        }
    }

    static func scrape(_ gateway: GatewayApplication) async throws -> String {
        try await MetricsScrape.$gateway.withValue(gateway) { try await MetricsScrape.text() }
    }

    @Test("server.headerTimeoutSeconds, idleTimeoutSeconds and maxConnectionsPerAddress are read, with defaults and bounds")
    func configuration() throws {
        let base = """
            listen: "127.0.0.1:8080"
            upstreams:
              - { name: fake, endpoint: "https://example.openai.azure.com", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }
            keys: { store: "sqlite:keys.db" }
            """
        let loader = GatewayConfigurationLoader(environment: ["K": "k"])
        let defaults = try loader.load(base, file: "g.yaml").get().connections
        #expect(
            defaults == GatewayConfiguration.Connections(headerTimeout: .seconds(10), idleTimeout: .seconds(60), maximumPerAddress: 512))
        let set = try loader.load(
            base + "\nserver: { headerTimeoutSeconds: 5, idleTimeoutSeconds: 120, maxConnectionsPerAddress: 1000 }", file: "g.yaml"
        ).get().connections
        #expect(set == GatewayConfiguration.Connections(headerTimeout: .seconds(5), idleTimeout: .seconds(120), maximumPerAddress: 1000))
        guard case .failure(let errors) = loader.load(base + "\nserver: { headerTimeoutSeconds: 31 }", file: "g.yaml") else {
            Issue.record("a header timeout over 30 s is refused")
            return
        }
        #expect(errors.errors.map(\.path) == ["server.headerTimeoutSeconds"])
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
