import APIKeys
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RateLimits
import Testing

@Suite("Gateway limits")
struct LimitTests {
    /// A fake upstream, a key store with two keys, and a gateway with `limits` in front.
    static func withGateway(
        limits: String, keyLimits: [String] = [], ledger: (any UsageLedger)? = nil,
        _ body: @Sendable (any TestClientProtocol, [String], FakeUpstream) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream()
        let upstreamApp = Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let folder = try TemporaryFolder("gateway-limits")
            defer { folder.remove() }
            let storePath = folder.path("keys.db")
            let store = try APIKeyStore(location: storePath)
            let secrets = try (0..<2).map { index in
                try store.create(
                    name: "team-\(index)", scope: APIKeyScope(deployments: ["gpt-4o"], limits: index == 0 ? keyLimits : []), expiresIn: nil
                ).secret
            }
            let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "upstream-secret"]).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(port)", region: westeurope, deployments: [gpt-4o, text-embedding-3-small], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:\(storePath)" }
                \(limits)
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, ledger: ledger, httpClient: .shared,
                environment: ["UPSTREAM_KEY": "upstream-secret"])
            let app = Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await withRunningServices(gateway.services) {
                try await MetricsScrape.$gateway.withValue(gateway) {
                    try await app.test(.live) { client in try await body(client, secrets, upstream) }
                }
            }
        }
    }

    static func chat(_ client: any TestClientProtocol, _ secret: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", method: .post,
            headers: [HTTPField.Name("api-key")!: secret], body: ByteBuffer(string: #"{"messages":[{"role":"user","content":"hi"}]}"#))
    }

    static func header(_ response: TestResponse, _ name: String) -> String? { response.headers[HTTPField.Name(name)!] }

    @Test("a request rate admits exactly its limit per key, then 429 rate_limit_exceeded with Retry-After, naming the rule")
    func requestRate() async throws {
        try await Self.withGateway(limits: "limits: { rules: [ { name: team-rph, scope: key, requests: 3, per: 3600s } ] }") {
            client, secrets, upstream in
            var remaining: [String?] = []
            for _ in 0..<3 {
                let response = try await Self.chat(client, secrets[0])
                #expect(response.status == .ok)
                #expect(Self.header(response, "x-ratelimit-limit-requests") == "3")
                remaining.append(Self.header(response, "x-ratelimit-remaining-requests"))
            }
            #expect(remaining == ["2", "1", "0"])
            let refused = try await Self.chat(client, secrets[0])
            #expect(refused.status == .tooManyRequests)
            let error = try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: [String: Any]]
            #expect(error?["error"]?["code"] as? String == "rate_limit_exceeded")
            #expect((error?["error"]?["message"] as? String)?.contains("Rate limit 'team-rph' (3 requests per 3600s for this key)") == true)
            let retryAfter = try #require(Self.header(refused, "retry-after").flatMap(Int.init))
            #expect((1...1200).contains(retryAfter), "a third of the hour at most, as GCRA spaces requests")
            #expect(Self.header(refused, "retry-after-ms").flatMap(Int.init).map { $0 > 0 } == true)
            #expect(Self.header(refused, "x-should-retry") == nil, "a rate frees up soon: the SDKs may retry")
            #expect(upstream.received.withLock { $0.count } == 3, "the upstream saw exactly the admitted requests")
            // Another key has its own counter.
            #expect(try await Self.chat(client, secrets[1]).status == .ok)
        }
    }

    @Test("a key's own limits apply to that key alone, beside the configured rules; an unreadable one refuses")
    func keyLimits() async throws {
        try await Self.withGateway(limits: "", keyLimits: ["requests=2/3600s"]) { client, secrets, upstream in
            #expect(try await Self.chat(client, secrets[0]).status == .ok)
            #expect(try await Self.chat(client, secrets[0]).status == .ok)
            let refused = try await Self.chat(client, secrets[0])
            #expect(refused.status == .tooManyRequests)
            #expect(String(buffer: refused.body).contains("Rate limit 'key:requests=2/3600s'"))
            #expect(try await Self.chat(client, secrets[1]).status == .ok, "the other key has no limit of its own")
            #expect(upstream.received.withLock { $0.count } == 3)
        }
        try await Self.withGateway(limits: "", keyLimits: ["requests=banana"]) { client, secrets, upstream in
            let refused = try await Self.chat(client, secrets[0])
            #expect(refused.status == .serviceUnavailable)
            #expect(String(buffer: refused.body).contains("key_limits_unreadable"))
            #expect(upstream.received.withLock { $0.isEmpty })
        }
    }

    @Test("a calendar quota refuses with insufficient_quota and x-should-retry: false until its window ends")
    func quota() async throws {
        try await Self.withGateway(limits: "limits: { rules: [ { name: monthly, scope: global, requests: 2, period: month } ] }") {
            client, secrets, upstream in
            #expect(try await Self.chat(client, secrets[0]).status == .ok)
            #expect(try await Self.chat(client, secrets[1]).status == .ok)
            let refused = try await Self.chat(client, secrets[0])
            #expect(refused.status == .tooManyRequests)
            #expect(String(buffer: refused.body).contains("\"code\":\"insufficient_quota\""))
            #expect(String(buffer: refused.body).contains("Quota 'monthly' (2 requests per month for the gateway) is used up until"))
            #expect(Self.header(refused, "x-should-retry") == "false")
            #expect(upstream.received.withLock { $0.count } == 2)
        }
    }

    @Test("a request's slot under a concurrency limit is given back when its answer has been relayed")
    func concurrencySlotsReturn() async throws {
        try await Self.withGateway(limits: "limits: { rules: [ { name: one-at-a-time, scope: key, concurrent: 1 } ] }") {
            client, secrets, _ in
            for _ in 0..<4 {
                let response = try await Self.chat(client, secrets[0])
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a shadow rule never refuses; rules filtered to other deployments do not apply")
    func shadowAndFilters() async throws {
        let limits = """
            limits:
              rules:
                - { name: trial, scope: key, requests: 1, per: 60s, mode: shadow }
                - { name: embeddings-only, scope: global, requests: 1, per: 3600s, deployments: [text-embedding-3-small] }
            """
        try await Self.withGateway(limits: limits) { client, secrets, upstream in
            for _ in 0..<3 {
                let response = try await Self.chat(client, secrets[0])
                #expect(response.status == .ok)
            }
            #expect(upstream.received.withLock { $0.count } == 3)
        }
    }

    @Test("HTTP settings under limits still work beside rules; malformed rules are refused where they are written")
    func configuration() {
        let base = """
            listen: "127.0.0.1:8080"
            upstreams:
              - { name: a, endpoint: "https://a.openai.azure.com", region: westeurope, deployments: [d], auth: { type: apiKey, keyEnv: K } }
            keys: { store: "sqlite:/tmp/k.db" }

            """
        let loader = GatewayConfigurationLoader(environment: ["K": "k"])
        let cases: [(String, String, String)] = [
            ("limits: { rules: [ { name: a, scope: team, requests: 5, per: 60s } ] }", "limits.rules[0].scope", "unknown scope 'team'"),
            ("limits: { rules: [ { name: a, scope: key, requests: abc, per: 60s } ] }", "limits.rules[0].requests", "whole number"),
            ("limits: { rules: [ { name: a, scope: key, requests: 5, per: -5s } ] }", "limits.rules[0].per", "expected a period"),
            ("limits: { rules: [ { name: a, scope: key, requests: 5 } ] }", "limits.rules[0]", "expected per"),
            ("limits: { rules: [ { name: a, scope: key, requests: 5, per: 60s, period: day } ] }", "limits.rules[0].period", "not both"),
            ("limits: { rules: [ { name: a, scope: key, requests: 5, period: fortnight } ] }", "limits.rules[0].period", "hour, day"),
            ("limits: { rules: [ { name: a, scope: key, tokens: 1.5, per: 60s } ] }", "limits.rules[0].tokens", "whole number"),
            ("limits: { rules: [ { name: a, scope: key, usd: 5, per: 60s } ] }", "limits.rules[0].per", "resets on the calendar"),
            ("limits: { rules: [ { name: a, scope: key, usd: 5, period: month } ] }", "limits.rules[0].usd", "d has none"),
            (
                "limits: { prices: { d: { input: 2.5, output: 10 } }, rules: [ { name: a, scope: key, usd: abc, period: month } ] }",
                "limits.rules[0].usd", "US dollars"
            ),
            ("limits: { prices: { gtp-4o: { input: 2.5, output: 10 } } }", "limits.prices.gtp-4o", "no upstream serves"),
            ("limits: { prices: { d: { input: cheap, output: 10 } } }", "limits.prices.d.input", "per million tokens"),
            ("limits: { prices: { d: { input: 2.5 } } }", "limits.prices.d.output", "per million tokens"),
            ("limits: { encodings: { d: p50k_base } }", "limits.encodings.d", "o200k_base or cl100k_base"),
            ("limits: { defaultCompletionTokens: 0 }", "limits.defaultCompletionTokens", "from 1"),
            ("limits: { rules: [ { name: a, scope: key, concurrent: 2, per: 60s } ] }", "limits.rules[0].per", "no period"),
            (
                "limits: { rules: [ { name: a, scope: key, concurrent: 2 }, { name: a, scope: global, concurrent: 9 } ] }",
                "limits.rules[1].name", "unique"
            ),
            ("limits: { store: \"memcached://:pw-secret@127.0.0.1:6379\" }", "limits.store", "expected memory, or a Redis URL"),
            ("limits: { store: \"redis://:pw-secret@127.0.0.1:99999\" }", "limits.store", "the port must be a number"),
            ("limits: { store: \"redis://127.0.0.1\", timeout: 5 }", "limits.timeout", "from 10ms to 60s"),
            ("limits: { store: \"redis://127.0.0.1\", timeout: 90s }", "limits.timeout", "from 10ms to 60s"),
            ("limits: { store: \"redis://127.0.0.1\", replicas: 0 }", "limits.replicas", "from 1 to 1000"),
            ("limits: { store: \"redis://127.0.0.1\", passwordEnv: NOT_SET }", "limits.passwordEnv", "NOT_SET is not set"),
            ("limits: { store: \"redis://127.0.0.1\", keyPrefix: \"bulwark:\" }", "limits.keyPrefix", "{hash tag}"),
            ("limits: { onStoreError: sometimes }", "limits.onStoreError", "expected closed"),
            (
                "limits: { rules: [ { name: a, scope: key, requests: 5, per: 60s, onStoreError: [local] } ] }",
                "limits.rules[0].onStoreError", "expected closed"
            ),
            ("limits:\n  - { name: a, scope: key, requests: 5, per: 60s }", "limits", "expected a mapping"),
            ("server: 5", "server", "expected a mapping"),
            (
                "limits: { rules: [ { name: a, scope: key, requests: 5, per: 60s, deployments: [gtp-4o] } ] }",
                "limits.rules[0].deployments[0]",
                "no upstream serves a deployment named 'gtp-4o'"
            ),
            (
                "limits: { rules: [ { name: a, scope: key, requests: 9223372036854775807, per: 60s } ] }", "limits.rules[0].requests",
                "from 1 to"
            ),
            (
                "limits: { rules: [ { name: a, scope: key, requests: 5, per: 60s, mode: lenient } ] }", "limits.rules[0].mode",
                "enforce or shadow"
            ),
        ]
        for (text, path, message) in cases {
            guard case .failure(let problems) = loader.load(base + text, file: "g.yaml") else {
                Issue.record("loaded: \(text)")
                continue
            }
            #expect(problems.errors.contains { $0.path == path && $0.message.contains(message) }, "\(text): \(problems)")
        }
        for store in ["memcached://:pw-secret@127.0.0.1:6379", "redis://:pw-secret@127.0.0.1:99999", "redis://:pw-secret@"] {
            guard case .failure(let problems) = loader.load(base + "limits: { store: \"\(store)\" }", file: "g.yaml") else {
                Issue.record("loaded \(store)")
                continue
            }
            #expect(!problems.description.contains("pw-secret"), "the store's value is not repeated")
        }
        let entra = """
            entra: { tenants: [00000000-0000-0000-0000-000000000001], audiences: [api://bulwark], policies: [ { name: p, roles: [R], deployments: [d] } ] }
            limits: { rules: [ { name: a, scope: key, requests: 5, per: 60s } ] }
            """
        let warned = try? loader.load(base + entra, file: "g.yaml").get()
        #expect(
            warned?.warnings.map(\.message) == [
                "limits.rules[0].scope: key rules do not apply to callers with Entra ID tokens; use scope: identity to limit both"
            ])
        let loaded = try? loader.load(
            base + "limits: { maxBodyBytes: 2048, rules: [ { name: a, scope: key, requests: 5, per: 1m } ] }", file: "g.yaml"
        ).get()
        #expect(loaded?.maximumBodyBytes == 2048)
        #expect(loaded?.limits.rules.map(\.name) == ["a"])
    }

    @Test("a Redis store, its settings and onStoreError (top level, and per rule) are read; the password never printed")
    func sharedStoreConfiguration() throws {
        let base = """
            listen: "127.0.0.1:8080"
            upstreams:
              - { name: a, endpoint: "https://a.openai.azure.com", region: westeurope, deployments: [d], auth: { type: apiKey, keyEnv: K } }
            keys: { store: "sqlite:/tmp/k.db" }

            """
        let loader = GatewayConfigurationLoader(environment: ["K": "k", "REDIS_PASSWORD": "pw-secret"])
        let loaded = try loader.load(
            base + """
                limits:
                  store: "rediss://limits@redis.internal:6380/2"
                  passwordEnv: REDIS_PASSWORD
                  onStoreError: local
                  timeout: 250ms
                  replicas: 3
                  keyPrefix: "bulwark:{prod}:"
                  rules:
                    - { name: a, scope: key, requests: 5, per: 60s }
                    - { name: b, scope: global, requests: 50, per: 1s, onStoreError: open }
                """, file: "g.yaml"
        ).get()
        guard case .redis(let shared) = loaded.limits.store else {
            Issue.record("not a Redis store: \(loaded.limits.store)")
            return
        }
        #expect(shared.server.host == "redis.internal")
        #expect(shared.server.port == 6380)
        #expect(shared.server.database == 2)
        #expect(shared.server.tls != nil)
        #expect(shared.passwordEnvironment == "REDIS_PASSWORD")
        #expect(shared.timeout == .milliseconds(250))
        #expect(shared.replicas == 3)
        #expect(shared.keyPrefix == "bulwark:{prod}:")
        #expect(loaded.limits.rules.map(\.onStoreError) == [.local, .open])
        #expect(loaded.limits.onStoreError == .local, "the default for a key's own limits")
        let defaults = try loader.load(
            base + "limits: { store: \"redis://:pw-secret@127.0.0.1:6379\", rules: [ { name: a, scope: key, concurrent: 2 } ] }",
            file: "g.yaml"
        ).get()
        guard case .redis(let plain) = defaults.limits.store else {
            Issue.record("not a Redis store")
            return
        }
        #expect(plain.timeout == .milliseconds(500))
        #expect(plain.replicas == 1)
        #expect(plain.keyPrefix == "{bulwark}:limits:")
        #expect(defaults.limits.rules.map(\.onStoreError) == [.closed], "closed unless written")
        #expect(!"\(plain)".contains("pw-secret"))
        #expect(!String(reflecting: defaults).contains("pw-secret"))
        let memory = try loader.load(base + "limits: { timeout: 100ms }", file: "g.yaml").get()
        #expect(memory.limits.store == .memory)
        #expect(memory.warnings.map(\.message).contains { $0.contains("limits.timeout: applies to a shared store") })
    }

    @Test("a closed rule behind an unreachable Redis answers 503 limits_unavailable within the timeout, naming the rule")
    func deadRedisIsUnavailable() async throws {
        let limits = """
            limits:
              store: "redis://127.0.0.1:1"
              timeout: 200ms
              rules:
                - { name: team-rph, scope: key, requests: 3, per: 3600s }
            """
        try await Self.withGateway(limits: limits) { client, secrets, upstream in
            for _ in 0..<2 {
                let started = ContinuousClock.now
                let response = try await Self.chat(client, secrets[0])
                // Far under the time a hung Redis would take; the tight bound (the store's timeout, fastest of three)
                // is RedisLimitStoreFailureTests': here other suites share the two cores and can delay the timer.
                #expect(ContinuousClock.now - started < .seconds(3))
                #expect(response.status == .serviceUnavailable)
                let error = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: Any]]
                #expect(error?["error"]?["code"] as? String == "limits_unavailable")
                #expect((error?["error"]?["message"] as? String)?.contains("team-rph") == true)
                #expect(Self.header(response, "retry-after") == "1")
            }
            #expect(upstream.received.withLock { $0.isEmpty }, "nothing reached the upstream unchecked")
        }
    }

    @Test("an open rule behind an unreachable Redis admits, and the store's errors are counted")
    func deadRedisOpen() async throws {
        let limits = """
            limits:
              store: "redis://127.0.0.1:1"
              timeout: 200ms
              onStoreError: open
              rules:
                - { name: team-rph, scope: key, requests: 1, per: 3600s }
            """
        try await Self.withGateway(limits: limits) { client, secrets, upstream in
            for _ in 0..<2 { #expect(try await Self.chat(client, secrets[0]).status == .ok) }
            #expect(upstream.received.withLock { $0.count } == 2)
            let metrics = try await MetricsScrape.text()
            #expect(metrics.contains(#"bulwark_gateway_limit_store_errors_total{operation="admit",error="store_unavailable"} 2"#))
            #expect(metrics.contains(#"bulwark_gateway_limit_decisions_total{rule="team-rph",decision="unchecked"} 2"#))
            #expect(metrics.contains("bulwark_gateway_limit_store_duration_seconds"))
        }
    }
}
