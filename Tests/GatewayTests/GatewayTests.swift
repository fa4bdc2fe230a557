import APIKeys
import AuditLog
import Crypto
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Gateway
import GatewayConfig
import Hummingbird
import HummingbirdTesting
import GatewayTesting
import Testing

@Suite("Gateway")
struct GatewayTests {
    /// A running fake upstream, a key store with one key, and a gateway in front, for each test.
    static func withGateway(
        regions: [String] = [], upstreamRegion: String = "westeurope", deployments: [String] = ["gpt-4o"],
        _ body: @Sendable (any TestClientProtocol, String, FakeUpstream) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        let upstreamApp = Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-keys-\(UUID().uuidString).db").path
            defer { try? FileManager.default.removeItem(atPath: storePath) }
            let store = try APIKeyStore(location: storePath)
            let issued = try store.create(
                name: "team", scope: APIKeyScope(deployments: deployments, operations: [.chat], regions: regions), expiresIn: nil)
            let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "upstream-secret"]).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - name: fake
                    endpoint: "http://127.0.0.1:\(port)"
                    region: \(upstreamRegion)
                    deployments: [gpt-4o, text-embedding-3-small]
                    auth: { type: apiKey, keyEnv: UPSTREAM_KEY }
                keys: { store: "sqlite:\(storePath)" }
                limits: { maxBodyBytes: 2048 }
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, httpClient: .shared, environment: ["UPSTREAM_KEY": "upstream-secret"])
            let app = Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await MetricsScrape.$gateway.withValue(gateway) {
                try await app.test(.live) { client in try await body(client, issued.secret, upstream) }
            }
        }
    }

    static let chat = ByteBuffer(string: #"{"messages":[{"role":"user","content":"hi"}]}"#)

    @Test("an authorised chat call reaches the upstream with the upstream's key, never the client's")
    func forwardsChat() async throws {
        try await Self.withGateway { client, secret, upstream in
            let response = try await client.execute(
                uri: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", method: .post,
                headers: [HTTPField.Name("api-key")!: secret], body: Self.chat)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("Hello"))
            let received = try #require(upstream.received.withLock { $0.first })
            #expect(received.path == "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")
            #expect(received.headers["api-key"] == "upstream-secret")
            #expect(!received.headers.values.contains { $0.contains(secret) }, "the client's key is never forwarded")
            #expect(received.body.contains("\"content\":\"hi\""))
        }
    }

    @Test("streamed completions pass through as Server-Sent Events; the usage the gateway asked for is counted, not shown")
    func streams() async throws {
        try await Self.withGateway { client, secret, upstream in
            let response = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(secret)"],
                body: ByteBuffer(string: #"{"model":"gpt-4o","stream":true,"messages":[]}"#))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            #expect(
                String(buffer: response.body)
                    == "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n"
                    + "data: [DONE]\n\n"
            )
            #expect(upstream.received.withLock { $0.last?.body.contains(#""include_usage":true"#) } == true)
            // A client that asks for usage gets the upstream's stream unchanged.
            let asked = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(secret)"],
                body: ByteBuffer(string: #"{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[]}"#))
            #expect(
                String(buffer: asked.body).hasSuffix(
                    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\ndata: [DONE]\n\n")
            )
            let metrics = try await MetricsScrape.text()
            let prefix = String(secret.prefix(16))  // bwk_ and the public part
            #expect(
                metrics.contains(#"bulwark_gateway_tokens_total{identity="\#(prefix)",deployment="gpt-4o",kind="prompt"} 10"#),
                "usage in the last event is counted, by identity, for both streams")
            #expect(metrics.contains(#"bulwark_gateway_tokens_total{identity="\#(prefix)",deployment="gpt-4o",kind="completion"} 4"#))
            #expect(!metrics.contains(secret))
        }
    }

    @Test("a small JSON answer the upstream breaks off is answered 502, never truncated, and recorded as 502 interrupted")
    func brokenOffJSONAnswer() async throws {
        try await Self.withGateway { client, secret, _ in
            let response = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(secret)"],
                body: ByteBuffer(string: #"{"model":"gpt-4o","dropJSON":true,"messages":[]}"#))
            #expect(response.status == .badGateway)
            #expect(String(buffer: response.body).contains(#""code":"upstream_unavailable""#))
            #expect(!String(buffer: response.body).contains("chatcmpl-cut"))
            let metrics = try await MetricsScrape.text()
            #expect(metrics.contains(#"status="502",decision="stream_interrupted"} 1"#), "\(metrics)")
        }
    }

    @Test("an upstream that drops mid-stream is recorded as an interrupted request")
    func interruptedStream() async throws {
        try await Self.withGateway { client, secret, _ in
            _ = try? await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(secret)"],
                body: ByteBuffer(string: #"{"model":"gpt-4o","stream":true,"drop":true,"messages":[]}"#))
            let metrics = try await MetricsScrape.text()
            #expect(metrics.contains(#"decision="stream_interrupted"} 1"#))
            #expect(!metrics.contains(#"decision="allowed"} 1"#))
        }
    }

    @Test(
        "refusals use Azure's error shape, with a reason code and without the key",
        arguments: [
            ("", "/openai/deployments/gpt-4o/chat/completions?api-version=1", 401, "key_missing"),
            (
                "bwk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/openai/deployments/gpt-4o/chat/completions?api-version=1",
                401, "key_unknown"
            ),
            ("not-a-key", "/openai/deployments/gpt-4o/chat/completions?api-version=1", 401, "key_malformed"),
            ("VALID", "/openai/deployments/other/chat/completions?api-version=1", 403, "deployment_not_allowed"),
            ("VALID", "/openai/deployments/gpt-4o/embeddings?api-version=1", 403, "operation_not_allowed"),
            ("VALID", "/openai/deployments/gpt-4o/chat/completions", 400, "missing_api_version"),
            ("VALID", "/openai/deployments/gpt-4o%2F..%2Fother/chat/completions?api-version=1", 400, "invalid_deployment"),
        ])
    func refusals(key: String, path: String, status: Int, code: String) async throws {
        try await Self.withGateway(deployments: ["gpt-4o"]) { client, secret, upstream in
            let presented = key == "VALID" ? secret : key
            let headers: HTTPFields = presented.isEmpty ? [:] : [HTTPField.Name("api-key")!: presented]
            let response = try await client.execute(uri: path, method: .post, headers: headers, body: Self.chat)
            #expect(response.status.code == status)
            let error = try #require(
                (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: String]])?["error"])
            #expect(error["code"] == code)
            if !presented.isEmpty { #expect(!(error["message"] ?? "").contains(presented)) }
            #expect(upstream.received.withLock { $0.isEmpty }, "nothing reached the upstream")
        }
    }

    @Test("a key limited to a geography is never routed elsewhere")
    func residency() async throws {
        try await Self.withGateway(regions: ["us"], upstreamRegion: "westeurope") { client, secret, upstream in
            let response = try await client.execute(
                uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post,
                headers: [HTTPField.Name("api-key")!: secret], body: Self.chat)
            #expect(response.status == .forbidden)
            #expect(String(buffer: response.body).contains("region_not_allowed"))
            #expect(upstream.received.withLock { $0.isEmpty })
        }
        try await Self.withGateway(regions: ["eu"], upstreamRegion: "swedencentral") { client, secret, _ in
            let response = try await client.execute(
                uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post,
                headers: [HTTPField.Name("api-key")!: secret], body: Self.chat)
            #expect(response.status == .ok)
        }
    }

    @Test("an oversized body is refused with 413")
    func oversized() async throws {
        try await Self.withGateway { client, secret, upstream in
            let big = ByteBuffer(string: #"{"messages":[{"role":"user","content":""# + String(repeating: "x", count: 4096) + #""}]}"#)
            let response = try await client.execute(
                uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post,
                headers: [HTTPField.Name("api-key")!: secret], body: big)
            #expect(response.status.code == 413)
            #expect(upstream.received.withLock { $0.isEmpty })
        }
    }

    @Test("every request, allowed or refused, leaves one audit record that verifies, with no secret in it")
    func auditsRequests() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.jsonl").path
        let key = SymmetricKey(data: Array("gateway-audit-key-0123456789abcd".utf8))
        let writer = try AuditLogWriter(path: path, key: key)
        let upstream = FakeUpstream()
        let upstreamApp = Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let store = try APIKeyStore(location: folder.appendingPathComponent("keys.db").path)
            let issued = try store.create(name: "team", scope: APIKeyScope(deployments: ["gpt-4o"], operations: [.chat]), expiresIn: nil)
            let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "upstream-secret"]).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(port)", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:unused.db" }
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, httpClient: .shared, audit: writer,
                environment: ["UPSTREAM_KEY": "upstream-secret"])
            let app = Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                _ = try await client.execute(
                    uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post,
                    headers: [HTTPField.Name("api-key")!: issued.secret], body: Self.chat)
                _ = try await client.execute(
                    uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post,
                    headers: [HTTPField.Name("api-key")!: "bwk_000000000000_" + String(repeating: "A", count: 43)], body: Self.chat)
            }
            try await writer.close()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let report = AuditLogVerifier(key: key).verify(files: [("audit.jsonl", text)])
            #expect(report.verdict == .intact && report.records == 2 && report.seals == 1 && report.problem == nil)
            #expect(text.contains("\"decision\":\"allowed\"") && text.contains("\"decision\":\"key_unknown\""))
            #expect(text.contains("\"totalTokens\":3"), "the upstream's usage is in the record")
            #expect(text.contains(issued.record.prefix))
            #expect(!text.contains(issued.secret) && !text.contains("upstream-secret"))
            #expect(text.contains("\"clientIp\":\"127.0.0.1\""))
        }
    }

    @Test(
        "audit.content: none keeps prompts out; redacted masks personal data and secrets; full keeps them",
        arguments: ["none", "redacted", "full"])
    func auditContent(mode: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-content-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.jsonl").path
        let writer = try AuditLogWriter(path: path, key: SymmetricKey(data: Array("gateway-audit-key-0123456789abcd".utf8)))
        let upstream = FakeUpstream()
        try await Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            upstreamClient in
            let store = try APIKeyStore(location: folder.appendingPathComponent("keys.db").path)
            let issued = try store.create(name: "team", scope: APIKeyScope(deployments: ["gpt-4o"], operations: [.chat]), expiresIn: nil)
            let environment = ["UPSTREAM_KEY": "upstream-secret", "AUDIT_KEY": "audit-key-for-gateway-tests-0123456789"]
            let configuration = try GatewayConfigurationLoader(environment: environment).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(try #require(upstreamClient.port))", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:unused.db" }
                audit: { path: "\(path)", hmacKeyEnv: AUDIT_KEY, content: \(mode) }
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, httpClient: .shared, audit: writer, environment: environment)
            try await Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
                client in
                let prompt = #"{"messages":[{"role":"user","content":"card 4111 1111 1111 1111, mail jane@contoso.com"}]}"#
                _ = try await client.execute(
                    uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post,
                    headers: [HTTPField.Name("api-key")!: issued.secret], body: ByteBuffer(string: prompt))
                let streamed = try await client.execute(
                    uri: "/openai/v1/chat/completions", method: .post, headers: [.authorization: "Bearer \(issued.secret)"],
                    body: ByteBuffer(string: #"{"model":"gpt-4o","stream":true,"messages":[]}"#))
                #expect(streamed.status == .ok)
            }
        }
        try await writer.close()
        let records = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.filter {
                $0["type"] as? String == "request"
            }
        #expect(records.count == 2)
        #expect(
            records.allSatisfy { $0["policy"] as? String == "key \(String(describing: $0["identity"]!))" },
            "the grant that allowed the call is recorded")
        let prompt = records.first?["prompt"] as? String
        switch mode {
        case "none":
            #expect(records.allSatisfy { $0["prompt"] == nil && $0["completion"] == nil })
        case "redacted":
            #expect(prompt?.contains("card [CREDIT_CARD_1], mail [EMAIL_1]") == true, "\(prompt ?? "nil")")
            #expect(prompt?.contains("4111") == false && prompt?.contains("jane@") == false)
            #expect(records.map { $0["completion"] as? String } == ["Hello", "Hello"], "the stream's deltas are joined")
        default:
            #expect(prompt?.contains("card 4111 1111 1111 1111, mail jane@contoso.com") == true)
            #expect(records.map { $0["completion"] as? String } == ["Hello", "Hello"])
        }
    }

    /// Two fake upstreams serving gpt-4o, in that order, behind one gateway, each timing out after `timeoutSeconds`
    /// (long by default: the suite shares two cores with every other test, and only the timeout test wants one).
    static func withTwoUpstreams(
        first: [Int], second: [Int], delays: (Duration, Duration) = (.zero, .zero), timeoutSeconds: Int = 30,
        _ body: @Sendable (any TestClientProtocol, String, FakeUpstream, FakeUpstream) async throws -> Void
    ) async throws {
        let one = FakeUpstream(failures: first, delay: delays.0)
        let two = FakeUpstream(failures: second, delay: delays.1)
        try await Application(router: one.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            firstClient in
            try await Application(router: two.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
                secondClient in
                let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-keys-\(UUID().uuidString).db").path
                defer { try? FileManager.default.removeItem(atPath: storePath) }
                let store = try APIKeyStore(location: storePath)
                let issued = try store.create(name: "team", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil)
                let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k"]).load(
                    """
                    listen: "127.0.0.1:0"
                    upstreams:
                      - { name: one, endpoint: "http://127.0.0.1:\(try #require(firstClient.port))", region: westeurope, deployments: [gpt-4o], timeoutSeconds: \(timeoutSeconds), auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                      - { name: two, endpoint: "http://127.0.0.1:\(try #require(secondClient.port))", region: swedencentral, deployments: [gpt-4o], timeoutSeconds: \(timeoutSeconds), auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                    keys: { store: "sqlite:\(storePath)" }
                    """, file: "gateway.yaml"
                ).get()
                let gateway = GatewayApplication(
                    configuration: configuration, keyStore: store, httpClient: .shared, environment: ["UPSTREAM_KEY": "k"])
                try await Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live)
                { client in
                    try await body(client, issued.secret, one, two)
                }
            }
        }
    }

    static func chatCall(_ client: any TestClientProtocol, _ secret: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post, headers: [HTTPField.Name("api-key")!: secret],
            body: Self.chat)
    }

    @Test("a 429 with a short retry-after is retried on the same upstream")
    func retriesThrottling() async throws {
        try await Self.withTwoUpstreams(first: [429], second: []) { client, secret, one, two in
            let response = try await Self.chatCall(client, secret)
            #expect(response.status == .ok)
            #expect(one.received.withLock { $0.count } == 2)
            #expect(two.received.withLock { $0.isEmpty })
        }
    }

    @Test("a failing upstream fails over to the next one serving the deployment")
    func failsOver() async throws {
        try await Self.withTwoUpstreams(first: [500], second: []) { client, secret, one, two in
            let response = try await Self.chatCall(client, secret)
            #expect(response.status == .ok)
            #expect(one.received.withLock { $0.count } == 1)
            #expect(two.received.withLock { $0.count } == 1)
        }
    }

    @Test("an upstream that does not answer in time fails over; when none answers the client gets 504 upstream_timeout")
    func slowUpstreams() async throws {
        // A 3 s timeout against a 10 s delay: the fast upstream answers within it even on a starved machine.
        try await Self.withTwoUpstreams(first: [], second: [], delays: (.seconds(10), .zero), timeoutSeconds: 3) {
            client, secret, one, two in
            let response = try await Self.chatCall(client, secret)
            #expect(response.status == .ok)
            #expect(one.received.withLock { $0.count } == 1)
            #expect(two.received.withLock { $0.count } == 1)
        }
        try await Self.withTwoUpstreams(first: [], second: [], delays: (.seconds(10), .seconds(10)), timeoutSeconds: 3) {
            client, secret, _, _ in
            let response = try await Self.chatCall(client, secret)
            #expect(response.status == .gatewayTimeout)
            #expect(String(buffer: response.body).contains("\"code\":\"upstream_timeout\""))
        }
    }

    @Test("when every upstream fails, the last upstream answer is passed through")
    func allFail() async throws {
        try await Self.withTwoUpstreams(first: [503], second: [502]) { client, secret, _, _ in
            let response = try await Self.chatCall(client, secret)
            #expect(response.status.code == 502)
            #expect(String(buffer: response.body).contains("scripted failure"))
        }
    }

    @Test("the circuit breaker opens after repeated failures and skips the upstream")
    func circuitBreaker() async throws {
        try await Self.withTwoUpstreams(first: [500, 500, 500, 500], second: []) { client, secret, one, two in
            for _ in 0..<4 {
                let response = try await Self.chatCall(client, secret)
                #expect(response.status == .ok)
            }
            #expect(one.received.withLock { $0.count } == 3, "after three failures the first upstream is skipped")
            #expect(two.received.withLock { $0.count } == 4)
        }
    }

    @Test("/healthz and /readyz answer; the metrics count requests and refusals by reason")
    func operations() async throws {
        try await Self.withGateway { client, secret, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            _ = try await client.execute(
                uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post,
                headers: [HTTPField.Name("api-key")!: secret], body: Self.chat)
            _ = try await client.execute(
                uri: "/openai/deployments/made-up-name/chat/completions?api-version=1", method: .post,
                headers: [HTTPField.Name("api-key")!: "not-a-key"], body: Self.chat)
            let metrics = try await MetricsScrape.text()
            #expect(
                metrics.contains(#"bulwark_gateway_requests_total{deployment="gpt-4o",operation="chat",status="200",decision="allowed"} 1"#)
            )
            #expect(metrics.contains(#"bulwark_gateway_auth_failures_total{reason="key_malformed"} 1"#))
            #expect(metrics.contains("bulwark_gateway_request_duration_seconds_bucket"))
            #expect(!metrics.contains("made-up-name"), "unknown deployments do not become labels")
        }
    }

    @Test("a request head over limits.maxHeaderBytes or maxHeaderCount is refused with 400, as SwiftNIO's parser answers")
    func headerLimit() async throws {
        let store = try APIKeyStore(
            location: FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).db").path)
        let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k"]).load(
            """
            listen: "127.0.0.1:0"
            upstreams:
              - { name: one, endpoint: "https://contoso.openai.azure.com", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
            keys: { store: "sqlite:unused.db" }
            limits: { maxHeaderBytes: 2048, maxHeaderCount: 16 }
            """, file: "gateway.yaml"
        ).get()
        let gateway = GatewayApplication(
            configuration: configuration, keyStore: store, httpClient: .shared, environment: ["UPSTREAM_KEY": "k"])
        var many = HTTPFields()
        for index in 0..<40 { many[HTTPField.Name("x-field-\(index)")!] = "v" }
        // One connection per request: the parser closes the connection after refusing a head.
        for headers in [[HTTPField.Name("x-padding")!: String(repeating: "a", count: 4096)], many] {
            try await gateway.application().test(.live) { (client: any TestClientProtocol) async throws -> Void in
                let response = try await client.execute(uri: "/healthz", method: .get, headers: headers)
                #expect(response.status == .badRequest)
            }
        }
        try await gateway.application().test(.live) { (client: any TestClientProtocol) async throws -> Void in
            let fits = try await client.execute(
                uri: "/healthz", method: .get, headers: [HTTPField.Name("x-padding")!: String(repeating: "a", count: 1024)])
            #expect(fits.status == .ok)
        }
    }

    @Test("with tls configured the gateway serves HTTPS (TLS 1.2 or newer) from the PEM files")
    func servesTLS() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a test certificate")
        let store = try APIKeyStore(location: folder.appendingPathComponent("keys.db").path)
        let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k"]).load(
            """
            listen: "127.0.0.1:0"
            tls: { certificate: "\(certificate)", privateKey: "\(key)" }
            upstreams:
              - { name: one, endpoint: "https://contoso.openai.azure.com", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
            keys: { store: "sqlite:unused.db" }
            """, file: "gateway.yaml"
        ).get()
        let gateway = GatewayApplication(
            configuration: configuration, keyStore: store, httpClient: .shared, environment: ["UPSTREAM_KEY": "k"])
        try await gateway.application().test(.ahc(.https)) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
        }
    }
}
