import APIKeys
import AuditLog
import Crypto
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// What an operator reads: request ids on every answer, one log line per request, readiness that follows the
/// upstreams, Azure's 404 for unknown paths, metrics on their own listener, and a clear word when a port is taken.
@Suite("Gateway operations: request ids, logs, readiness, metrics listener")
struct GatewayOperationsTests {
    final class Harness: Sendable {
        let client: any TestClientProtocol
        let key: String
        let gateway: GatewayApplication
        let upstream: FakeUpstream
        /// The gateway's log lines.
        let log: LogLines

        init(client: any TestClientProtocol, key: String, gateway: GatewayApplication, upstream: FakeUpstream, log: LogLines) {
            self.client = client
            self.key = key
            self.gateway = gateway
            self.upstream = upstream
            self.log = log
        }

        /// The log lines written so far, parsed.
        func logs() -> [[String: Any]] {
            log.lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    static func withGateway(
        failures: [Int] = [], audit inspect: @Sendable ([[String: Any]]) throws -> Void = { _ in },
        _ body: @Sendable (Harness) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder("gateway-operations")
        defer { folder.remove() }
        let auditPath = folder.path("audit.jsonl")
        let writer = try AuditLogWriter(path: auditPath, key: SymmetricKey(data: Array("operations-audit-key-0123456789ab".utf8)))
        let upstream = FakeUpstream(failures: failures)
        let lines = LogLines()
        let sink = JSONLogHandler.Sink { line in lines.append(line) }
        let logger = Logger(label: "bulwark.gateway") { JSONLogHandler(label: $0, sink: sink) }
        try await Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            upstreamClient in
            let store = try APIKeyStore(location: folder.path("keys.db"))
            let key = try store.create(name: "ops", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil).secret
            let environment = ["UPSTREAM_KEY": "upstream-key-secret", "AUDIT_KEY": String(repeating: "a", count: 32)]
            let port = try #require(upstreamClient.port)
            let configuration = try GatewayConfigurationLoader(environment: environment).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(port)", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:unused.db" }
                audit: { path: "\(auditPath)", hmacKeyEnv: AUDIT_KEY }
                metrics: { listen: "127.0.0.1:0" }
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, httpClient: .shared, audit: writer, logger: logger, environment: environment)
            let app = Application(
                router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
            try await app.test(.live) { client in
                let harness = Harness(client: client, key: key, gateway: gateway, upstream: upstream, log: lines)
                try await body(harness)
            }
        }
        try await writer.close()
        let records = try String(contentsOfFile: auditPath, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        try inspect(records)
    }

    static func chat(_ harness: Harness, key: String? = nil, stream: Bool = false) async throws -> TestResponse {
        try await harness.client.execute(
            uri: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", method: .post,
            headers: [HTTPField.Name("api-key")!: key ?? harness.key],
            body: ByteBuffer(string: #"{"messages":[{"role":"user","content":"hi"}]\#(stream ? #","stream":true"# : "")}"#))
    }

    /// Where the test's log sink writes.
    final class LogLines: Sendable {
        let lines = Mutex<[String]>([])

        func append(_ line: String) {
            lines.withLock { $0.append(line) }
        }
    }

    static let requestID = HTTPField.Name("x-request-id")!
    static let apimRequestID = HTTPField.Name("apim-request-id")!

    @Test("the API listener answers /metrics with Azure's 404; the metrics router serves it; unrouted requests are counted and audited")
    func metricsListener() async throws {
        try await Self.withGateway(audit: { records in
            let unrouted = records.filter { $0["operation"] as? String == "unrouted" }
            #expect(unrouted.count == 2 && unrouted.allSatisfy { $0["status"] as? Int == 404 && $0["decision"] as? String == "404" })
        }) { harness in
            for path in ["/metrics", "/openai/nothing-here"] {
                let response = try await harness.client.execute(uri: path, method: .get)
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"error":{"code":"404","message":"Resource not found"}}"#)
                #expect(response.headers[Self.requestID] != nil)
            }
            let metrics = try await Application(router: harness.gateway.metricsRouter()).test(.router) { client in
                let response = try await client.execute(uri: "/metrics", method: .get)
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(
                metrics.contains(#"bulwark_gateway_requests_total{deployment="other",operation="unrouted",status="404",decision="404"} 2"#),
                "\(metrics)")
            #expect(harness.gateway.metricsApplication() != nil, "metrics.listen configures the listener")
        }
    }

    @Test("metrics.listen: loopback only unless allowNonLoopback; absent, no metrics listener")
    func metricsConfiguration() throws {
        let base = """
            listen: "127.0.0.1:8080"
            upstreams:
              - { name: fake, endpoint: "https://example.openai.azure.com", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }
            keys: { store: "sqlite:keys.db" }
            """
        let loader = GatewayConfigurationLoader(environment: ["K": "k"])
        #expect(try loader.load(base, file: "g.yaml").get().metricsListener == nil)
        let local = try loader.load(base + "\nmetrics: { listen: \"127.0.0.1:9464\" }", file: "g.yaml").get()
        #expect(local.metricsListener == GatewayConfiguration.MetricsListener(host: "127.0.0.1", port: 9464))
        guard case .failure(let errors) = loader.load(base + "\nmetrics: { listen: \"0.0.0.0:9464\" }", file: "g.yaml") else {
            Issue.record("a non-loopback metrics listener needs allowNonLoopback")
            return
        }
        #expect(errors.errors.map(\.path) == ["metrics.listen"])
        let open = try loader.load(base + "\nmetrics: { listen: \"0.0.0.0:9464\", allowNonLoopback: true }", file: "g.yaml").get()
        #expect(open.metricsListener?.host == "0.0.0.0")
    }

    @Test(
        "every answer carries x-request-id and apim-request-id (allowed, refused, streamed), the audit's requestId; a client's own is not taken"
    )
    func requestIDs() async throws {
        let ids = Mutex<[String]>([])
        try await Self.withGateway(audit: { records in
            let audited = Set(records.compactMap { $0["requestId"] as? String })
            #expect(Set(ids.withLock { $0 }).isSubset(of: audited), "the header is the audit record's id")
        }) { harness in
            let responses = [
                try await Self.chat(harness), try await Self.chat(harness, stream: true),
                try await Self.chat(harness, key: "bwk_not_a_key"),
            ]
            #expect(responses.map(\.status) == [.ok, .ok, .unauthorized])
            for response in responses {
                let id = try #require(response.headers[Self.requestID])
                #expect(response.headers[Self.apimRequestID] == id)
                ids.withLock { $0.append(id) }
            }
            let chosen = try await harness.client.execute(
                uri: "/healthz", method: .get, headers: [Self.requestID: "client-chosen-id"])
            #expect(chosen.headers[Self.requestID] != nil && chosen.headers[Self.requestID] != "client-chosen-id")
        }
    }

    @Test("one JSON log line per request at info with id, identity, operation, status, decision, latency and upstream; never a secret")
    func requestLogLine() async throws {
        try await Self.withGateway { harness in
            let response = try await Self.chat(harness)
            _ = try await Self.chat(harness, key: "bwk_not_a_key")
            let id = try #require(response.headers[Self.requestID])
            let requests = harness.logs().filter { $0["message"] as? String == "request" }
            #expect(requests.count == 2)
            let line = try #require(requests.first { $0["request.id"] as? String == id })
            #expect(line["level"] as? String == "info")
            #expect(line["identity"] as? String == String(harness.key.prefix(16)))
            #expect(line["operation"] as? String == "chat" && line["deployment"] as? String == "gpt-4o")
            #expect(line["status"] as? String == "200" && line["decision"] as? String == "allowed")
            #expect(line["upstream"] as? String == "fake" && Double(line["latency_ms"] as? String ?? "") != nil)
            let all = harness.log.lines.withLock { $0.joined() }
            #expect(!all.contains(harness.key) && !all.contains("upstream-key-secret"))
        }
    }

    @Test("a JSON answer relayed as it came keeps the upstream's content-length (no chunked framing); a stream is chunked")
    func relayedLength() async throws {
        try await Self.withGateway { harness in
            let plain = try await Self.chat(harness)
            #expect(plain.status == .ok)
            #expect(plain.headers[.contentLength] == String(plain.body.readableBytes))
            #expect(plain.headers[.transferEncoding] == nil)
            let streamed = try await Self.chat(harness, stream: true)
            #expect(streamed.status == .ok && streamed.headers[.contentLength] == nil)
            #expect(String(buffer: streamed.body).contains("[DONE]"))
        }
    }

    @Test("/readyz is 503 once every upstream's circuit breaker is open; the failures are logged at warning")
    func readiness() async throws {
        try await Self.withGateway(failures: [503, 503, 503]) { harness in
            #expect(try await harness.client.execute(uri: "/readyz", method: .get).status == .ok)
            for _ in 0..<3 { #expect(try await Self.chat(harness).status == .serviceUnavailable) }
            let ready = try await harness.client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(String(buffer: ready.body).contains("upstream_unavailable"))
            let warnings = harness.logs().filter { $0["level"] as? String == "warning" && $0["message"] as? String == "upstream failed" }
            #expect(
                warnings.count == 3
                    && warnings.allSatisfy { $0["upstream"] as? String == "fake" && $0["upstream.status"] as? String == "503" })
        }
    }
}
