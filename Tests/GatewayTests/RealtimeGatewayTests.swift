import AccessPolicy
import APIKeys
import AsyncHTTPClient
import AuditLog
import Crypto
import Foundation
import Gateway
import GatewayConfig
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import GatewayTesting
import Testing

/// A gateway with realtime routes in front of a fake realtime upstream, for one test.
struct RealtimeHarness: Sendable {
    let client: any TestClientProtocol
    let port: Int
    let key: String
    let upstream: FakeRealtimeUpstream

    static let azurePath = "/openai/realtime?api-version=2024-10-01-preview&deployment=gpt-4o-realtime"

    func url(_ pathAndQuery: String = Self.azurePath) -> String { "ws://127.0.0.1:\(port)\(pathAndQuery)" }

    /// Opens a session with `headers` and runs `body` on it.
    func session(
        _ pathAndQuery: String = Self.azurePath, headers: HTTPFields? = nil,
        _ body: @escaping @Sendable (RealtimeTestSession) async throws -> Void
    ) async throws {
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 20)
        configuration.additionalHeaders = headers ?? [HTTPField.Name("api-key")!: key]
        try await WebSocketClient.connect(url: url(pathAndQuery), configuration: configuration, logger: Logger(label: "realtime-test")) {
            inbound, outbound, _ in
            try await body(RealtimeTestSession(inbound: inbound, outbound: outbound))
        }
    }

    /// The upgrade request as a WebSocket client sends it, for refusals (which are never upgraded, and close the
    /// connection: each is sent on a new one).
    func refusedUpgrade(_ pathAndQuery: String = Self.azurePath, headers: HTTPFields = [:]) async throws -> (
        HTTPResponse.Status, [String: Any]
    ) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(pathAndQuery)")
        request.headers.add(contentsOf: [
            ("connection", "Upgrade"), ("upgrade", "websocket"), ("sec-websocket-version", "13"),
            ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ])
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return (HTTPResponse.Status(code: Int(response.status.code)), object["error"] as? [String: Any] ?? [:])
    }
}

/// The client's side of one session: events to send, and events read one at a time (one iterator: a WebSocket's
/// inbound stream is read once).
final class RealtimeTestSession {
    let outbound: WebSocketOutboundWriter
    private var iterator: WebSocketInboundMessageStream.AsyncIterator

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
        iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
    }

    func send(_ text: String) async throws { try await outbound.write(.text(text)) }

    /// Speaks `text`: the fake upstream "hears" audio chunks as their base64 decoded as text, and the commit ends the turn.
    func speak(_ text: String) async throws {
        let audio = Data(text.utf8).base64EncodedString()
        try await send(#"{"type":"input_audio_buffer.append","audio":"\#(audio)"}"#)
        try await send(#"{"type":"input_audio_buffer.commit"}"#)
    }

    func sendInput(_ text: String) async throws {
        try await send(
            #"{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"\#(text)"}]}}"#
        )
    }

    /// Reads until the server closes the session; the events it sent before closing.
    func untilClosed() async throws -> [String] {
        var texts: [String] = []
        while let message = try await iterator.next() {
            if case .text(let text) = message { texts.append(text) }
        }
        return texts
    }

    /// The events until one of type `last` (included).
    func events(until last: String) async throws -> [[String: Any]] {
        var events: [[String: Any]] = []
        while let message = try await iterator.next() {
            guard case .text(let text) = message else { continue }
            let event = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            events.append(event)
            if event["type"] as? String == last { return events }
        }
        Issue.record("the session ended before a \(last) event")
        return events
    }
}

@Suite("Realtime over WebSocket")
struct RealtimeGatewayTests {
    static func withGateway(
        scope: APIKeyScope = APIKeyScope(deployments: ["gpt-4o-realtime"]), upstreamRegion: String = "westeurope", extra: String = "",
        answer: String? = nil,
        audit inspect: ([[String: Any]]) throws -> Void = { _ in }, _ body: @Sendable (RealtimeHarness) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder("gateway-realtime")
        defer { folder.remove() }
        let auditPath = folder.path("audit.jsonl")
        let writer = try AuditLogWriter(path: auditPath, key: SymmetricKey(data: Array("realtime-audit-key-0123456789abcdef".utf8)))
        let upstream = FakeRealtimeUpstream(answer: answer)
        try await upstream.application().test(.live) { upstreamClient in
            let store = try APIKeyStore(location: folder.path("keys.db"))
            let key = try store.create(name: "rt", scope: scope, expiresIn: nil).secret
            let environment = ["UPSTREAM_KEY": "upstream-secret", "AUDIT_KEY": "audit-key-for-gateway-tests-0123456789"]
            let configuration = try GatewayConfigurationLoader(environment: environment).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(try #require(upstreamClient.port))", region: \(upstreamRegion), deployments: [gpt-4o-realtime, gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:unused.db" }
                audit: { path: "\(auditPath)", hmacKeyEnv: AUDIT_KEY }
                \(extra)
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, httpClient: .shared, audit: writer, environment: environment)
            let app = Application(
                router: gateway.router(), server: gateway.httpServer(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                try await body(RealtimeHarness(client: client, port: try #require(client.port), key: key, upstream: upstream))
            }
        }
        try await writer.close()
        let lines = try String(contentsOfFile: auditPath, encoding: .utf8).split(separator: "\n")
        // Request records only (the log's seal lines name no operation).
        try inspect(
            lines.compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.filter { $0["operation"] != nil })
    }

    @Test("an upgrade without credentials is refused before upgrading, with Azure's 401 shape, and nothing reaches the upstream")
    func noCredentials() async throws {
        try await Self.withGateway(audit: { records in
            #expect(records.map { $0["decision"] as? String } == ["key_missing"])
            #expect(records.first?["operation"] as? String == "realtime")
        }) { harness in
            let (status, error) = try await harness.refusedUpgrade()
            #expect(status == .unauthorized)
            #expect(error["code"] as? String == "key_missing")
            #expect(harness.upstream.upgrades.withLock { $0.isEmpty })
        }
    }

    @Test("a session relays events both ways with the gateway's upstream key; usage comes from response.done")
    func relaysSession() async throws {
        try await Self.withGateway(audit: { records in
            let record = try #require(records.last)
            #expect(record["operation"] as? String == "realtime")
            #expect(record["decision"] as? String == "allowed")
            #expect(record["status"] as? Int == 101)
            #expect(record["totalTokens"] as? Int == 60, "two turns of 30 tokens")
            #expect(record["upstream"] as? String == "fake")
        }) { harness in
            try await harness.session { session in
                try await session.sendInput("hello there")
                #expect(
                    try await session.events(until: "conversation.item.created").last?["type"] as? String == "conversation.item.created")
                for _ in 0..<2 {
                    try await session.send(#"{"type":"response.create"}"#)
                    let events = try await session.events(until: "response.done")
                    let text = events.filter { $0["type"] as? String == "response.text.delta" }.compactMap { $0["delta"] as? String }
                        .joined()
                    #expect(text == "hello there")
                }
            }
            let upgrade = try #require(harness.upstream.upgrades.withLock { $0.first })
            #expect(upgrade.uri == RealtimeHarness.azurePath)
            #expect(upgrade.headers["api-key"] == "upstream-secret")
            #expect(!upgrade.headers.values.contains { $0.contains(harness.key) }, "the client's key is never forwarded")
            #expect(harness.upstream.eventTypes == ["conversation.item.create", "response.create", "response.create"])
        }
    }

    @Test("browsers' credentials: the api-key query parameter and the openai-insecure-api-key subprotocol; neither goes upstream")
    func browserCredentials() async throws {
        try await Self.withGateway { harness in
            try await harness.session("/openai/v1/realtime?model=gpt-4o-realtime&api-key=\(harness.key)", headers: [:]) { session in
                try await session.sendInput("hi")
                _ = try await session.events(until: "conversation.item.created")
            }
            try await harness.session(
                "/openai/v1/realtime?model=gpt-4o-realtime",
                headers: [
                    HTTPField.Name("sec-websocket-protocol")!: "realtime, openai-insecure-api-key.\(harness.key), openai-beta.realtime-v1"
                ]
            ) { session in
                try await session.sendInput("hi")
                _ = try await session.events(until: "conversation.item.created")
            }
            let upgrades = harness.upstream.upgrades.withLock { $0 }
            #expect(upgrades.map(\.uri) == ["/openai/v1/realtime?model=gpt-4o-realtime", "/openai/v1/realtime?model=gpt-4o-realtime"])
            for upgrade in upgrades {
                #expect(!upgrade.headers.values.contains { $0.contains(harness.key) })
                #expect(upgrade.headers["api-key"] == "upstream-secret")
            }
        }
    }

    @Test("a client event that is not JSON gets a clear error event and is never forwarded upstream")
    func invalidEvent() async throws {
        try await Self.withGateway { harness in
            try await harness.session { session in
                try await session.send("this is not json")
                let error = try #require(try await session.events(until: "error").last?["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_event")
                try await session.outbound.write(.binary(ByteBuffer(string: "{}")))
                #expect((try await session.events(until: "error").last?["error"] as? [String: Any])?["code"] as? String == "invalid_event")
                try await session.sendInput("still open")
                _ = try await session.events(until: "conversation.item.created")
            }
            #expect(harness.upstream.eventTypes == ["conversation.item.create"])
            #expect(!harness.upstream.events.withLock { $0.contains { $0.contains("not json") } })
        }
    }

    @Test("authorised per deployment and operation: a key without realtime, or without the deployment, is refused at the upgrade")
    func authorisation() async throws {
        try await Self.withGateway(scope: APIKeyScope(deployments: ["gpt-4o-realtime"], operations: [.chat])) { harness in
            let (status, error) = try await harness.refusedUpgrade(headers: [HTTPField.Name("api-key")!: harness.key])
            #expect(status == .forbidden)
            #expect(error["code"] as? String == "operation_not_allowed")
        }
        try await Self.withGateway(scope: APIKeyScope(deployments: ["gpt-4o"])) { harness in
            let (status, error) = try await harness.refusedUpgrade(headers: [HTTPField.Name("api-key")!: harness.key])
            #expect(status == .forbidden)
            #expect(error["code"] as? String == "deployment_not_allowed")
            #expect(harness.upstream.upgrades.withLock { $0.isEmpty })
        }
    }

    @Test("residency: no upstream in an allowed region refuses the upgrade")
    func residency() async throws {
        try await Self.withGateway(scope: APIKeyScope(deployments: ["gpt-4o-realtime"], regions: ["eu"]), upstreamRegion: "eastus") {
            harness in
            let (status, error) = try await harness.refusedUpgrade(headers: [HTTPField.Name("api-key")!: harness.key])
            #expect(status == .forbidden)
            #expect(error["code"] as? String == "region_not_allowed")
        }
    }

    @Test("a plain GET on a realtime path is told to upgrade; a bad URL is refused before upgrading")
    func plainRequests() async throws {
        try await Self.withGateway { harness in
            // The upgrade first: a connection that has served plain HTTP upgrades no more.
            let (status, error) = try await harness.refusedUpgrade(
                "/openai/realtime?api-version=2024-10-01-preview", headers: [HTTPField.Name("api-key")!: harness.key])
            #expect(status == .badRequest)
            #expect(error["code"] as? String == "missing_deployment")
            let response = try await harness.client.execute(
                uri: RealtimeHarness.azurePath, method: .get, headers: [HTTPField.Name("api-key")!: harness.key])
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("websocket_required"))
        }
    }
}

@Suite("Operation realtime in configuration")
struct RealtimeConfigurationTests {
    static let policies = """
        listen: "127.0.0.1:0"
        keys: { store: "sqlite:unused.db" }
        upstreams:
          - { name: a, endpoint: "https://a.openai.azure.com", region: swedencentral, deployments: [gpt-4o-realtime], auth: { type: managedIdentity } }
        entra:
          tenants: [72f988bf-86f1-41af-91ab-2d7cd011db47]
          audiences: [api://bulwark]
          policies:
            - { name: voice, roles: [Gateway.Voice], deployments: [gpt-4o-realtime], operations: [realtime] }
            - { name: everything, roles: [Gateway.All], deployments: ["*"] }
        """

    @Test("token policies list realtime like the other operations; a policy naming none keeps the three it had before")
    func policies() throws {
        let configuration = try GatewayConfigurationLoader(environment: [:]).load(Self.policies, file: "g.yaml").get()
        let policies = try #require(configuration.entra?.policies)
        #expect(policies[0].operations == ["realtime"])
        #expect(Set(policies[1].operations) == ["chat", "completions", "embeddings"])
    }

    @Test("an unknown operation in a policy is refused, naming the known ones")
    func unknownOperation() {
        let text = Self.policies.replacingOccurrences(of: "operations: [realtime]", with: "operations: [telepathy]")
        guard case .failure(let problems) = GatewayConfigurationLoader(environment: [:]).load(text, file: "g.yaml") else {
            Issue.record("an unknown operation loaded")
            return
        }
        #expect(problems.errors.map(\.path) == ["entra.policies[0].operations"])
        #expect(problems.errors.first?.message.contains("realtime") == true)
    }
}
