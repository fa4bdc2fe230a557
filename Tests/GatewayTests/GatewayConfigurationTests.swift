import AccessPolicy
import Foundation
import GatewayConfig
import Testing
import TokenAccounting

@Suite("Gateway configuration")
struct GatewayConfigurationTests {
    static let valid = """
        listen: "127.0.0.1:8080"
        upstreams:
          - name: local
            endpoint: "http://127.0.0.1:9000"
            region: westeurope
            deployments: [gpt-4o, text-embedding-3-small]
            auth: { type: apiKey, keyEnv: UPSTREAM_KEY }
        keys: { store: "sqlite:${KEY_DIR}/keys.db" }
        """

    @Test("the documented shape loads, with ${ENV} interpolated")
    func loads() throws {
        let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k", "KEY_DIR": "/tmp"]).load(
            Self.valid, file: "g.yaml"
        ).get()
        #expect(configuration.listener.port == 8080)
        #expect(configuration.keyStore == "sqlite:/tmp/keys.db")
        #expect(configuration.upstreams(serving: "GPT-4o").map(\.name) == ["local"])
        #expect(configuration.upstreams(serving: "other").isEmpty)
        #expect(configuration.shutdownDrainSeconds == 30, "the drain deadline defaults to 30 s")
        let drained = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k", "KEY_DIR": "/tmp"])
            .load(Self.valid + "\nlimits: { shutdownDrainSeconds: 5 }", file: "g.yaml").get()
        #expect(drained.shutdownDrainSeconds == 5)
    }

    @Test("HTTP sizes and the drain live under server; under limits they still load, with a warning each")
    func serverSection() throws {
        let loader = GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k", "KEY_DIR": "/tmp"])
        let current = try loader.load(Self.valid + "\nserver: { maxBodyBytes: 2048, shutdownDrainSeconds: 7 }", file: "g.yaml").get()
        #expect(current.maximumBodyBytes == 2048 && current.shutdownDrainSeconds == 7)
        #expect(current.warnings.isEmpty)
        let old = try loader.load(Self.valid + "\nlimits: { maxHeaderCount: 50, shutdownDrainSeconds: 9 }", file: "g.yaml").get()
        #expect(old.maximumHeaderCount == 50 && old.shutdownDrainSeconds == 9)
        #expect(old.warnings.map(\.severity) == [.warning, .warning])
        #expect(
            old.warnings.map(\.description) == [
                "g.yaml:9:27: warning: limits.maxHeaderCount: is deprecated: move it to server.maxHeaderCount (limits is for rate limits and quotas)",
                "g.yaml:9:53: warning: limits.shutdownDrainSeconds: is deprecated: move it to server.shutdownDrainSeconds (limits is for rate limits and quotas)",
            ])
        guard
            case .failure(let both) = loader.load(
                Self.valid + "\nserver: { shutdownDrainSeconds: 5 }\nlimits: { shutdownDrainSeconds: 6 }", file: "g.yaml")
        else {
            Issue.record("a setting in both places loaded")
            return
        }
        #expect(
            both.errors.map(\.description) == [
                "g.yaml:10:33: limits.shutdownDrainSeconds: is also set as server.shutdownDrainSeconds; remove it from limits"
            ])
        guard case .failure(let unknown) = loader.load(Self.valid + "\nserver: { port: 1 }", file: "g.yaml") else {
            Issue.record("an unknown server key loaded")
            return
        }
        #expect(unknown.errors.map(\.path) == ["server.port"])
    }

    @Test("every problem is reported at once, with its path and position")
    func reportsEveryProblem() {
        let text = """
            listen: "0.0.0.0:80"
            upstreams:
              - name: remote
                endpoint: "http://contoso.openai.azure.com"
                region: westeurope
                deployments: []
                auth: { type: kerberos }
            keys: { store: "sqlite:${MISSING}" }
            audit: { path: audit.jsonl, hmacKeyEnv: AUDIT_KEY }
            colour: blue
            limits: { shutdownDrainSeconds: 0 }
            """
        guard case .failure(let problems) = GatewayConfigurationLoader(environment: [:]).load(text, file: "g.yaml") else {
            Issue.record("an invalid configuration loaded")
            return
        }
        let paths = problems.errors.map(\.path)
        #expect(
            Set(paths) == [
                "listen", "upstreams[0].endpoint", "upstreams[0].deployments", "upstreams[0].auth.type", "keys.store", "audit.hmacKeyEnv",
                "colour", "limits.shutdownDrainSeconds",
            ])
        let endpoint = problems.errors.first { $0.path == "upstreams[0].endpoint" }
        #expect(endpoint?.line == 4)
        #expect(endpoint?.message == "plain HTTP is allowed only to loopback; use https://")
        #expect(problems.errors.first { $0.path == "listen" }?.message.hasPrefix("plain HTTP may listen only on loopback") == true)
        #expect(problems.errors.first { $0.path == "keys.store" }?.message == "the environment variable MISSING is not set")
    }

    @Test(
        "geographies allow their regions only",
        arguments: [
            (["eu"], "swedencentral", true), (["eu"], "eastus", false), (["us"], "EastUS2", true),
            (["westeurope"], "westeurope", true), ([], "anywhere", true),
        ])
    func geographies(allowed: [String], region: String, expected: Bool) {
        #expect(Geography.allows(allowed, region: region) == expected)
    }
}

@Suite("Gateway configuration: identity, policies and upstream credentials")
struct GatewayIdentityConfigurationTests {
    static let upstreams = """
        listen: "127.0.0.1:8080"
        keys: { store: "sqlite:keys.db" }
        """

    static func load(_ text: String, environment: [String: String] = [:]) -> Result<GatewayConfiguration, GatewayConfigurationErrors> {
        GatewayConfigurationLoader(environment: environment).load(upstreams + "\n" + text, file: "g.yaml")
    }

    @Test("every upstream credential type loads, with Azure's defaults")
    func credentialTypes() throws {
        let configuration = try Self.load(
            """
            upstreams:
              - { name: vm, endpoint: "https://a.openai.azure.com", region: westeurope, deployments: [d], auth: { type: managedIdentity, clientId: mi-1 } }
              - { name: app, endpoint: "https://b.openai.azure.com", region: westeurope, deployments: [d], auth: { type: managedIdentity, source: appService } }
              - { name: aks, endpoint: "https://c.openai.azure.com", region: westeurope, deployments: [d], auth: { type: workloadIdentity } }
              - name: ci
                endpoint: "https://d.openai.azure.com"
                region: westeurope
                deployments: [d]
                auth: { type: clientSecret, tenantId: t-1, clientId: app-1, secretEnv: APP_SECRET, authority: "https://login.microsoftonline.us", scope: "https://cognitiveservices.azure.us/.default" }
            """,
            environment: [
                "IDENTITY_ENDPOINT": "http://127.0.0.1:41000/msi/token", "IDENTITY_HEADER": "h", "APP_SECRET": "s",
                "AZURE_TENANT_ID": "t-2", "AZURE_CLIENT_ID": "c-2",
                "AZURE_FEDERATED_TOKEN_FILE": "/var/run/secrets/azure/tokens/azure-identity-token",
            ]
        ).get()
        let cognitive = "https://cognitiveservices.azure.com/.default"
        #expect(
            configuration.upstreams.map(\.authentication) == [
                .entraToken(.instanceMetadata(endpoint: URL(string: "http://169.254.169.254")!, clientID: "mi-1"), scope: cognitive),
                .entraToken(
                    .appService(endpointEnvironment: "IDENTITY_ENDPOINT", headerEnvironment: "IDENTITY_HEADER", clientID: nil),
                    scope: cognitive),
                .entraToken(
                    .workloadIdentity(
                        authority: URL(string: "https://login.microsoftonline.com")!, tenantID: "t-2", clientID: "c-2",
                        tokenFile: "/var/run/secrets/azure/tokens/azure-identity-token"), scope: cognitive),
                .entraToken(
                    .clientSecret(
                        authority: URL(string: "https://login.microsoftonline.us")!, tenantID: "t-1", clientID: "app-1",
                        secretEnvironment: "APP_SECRET"),
                    scope: "https://cognitiveservices.azure.us/.default"),
            ])
    }

    @Test("credential problems are reported with their paths")
    func credentialProblems() {
        guard
            case .failure(let problems) = Self.load(
                """
                upstreams:
                  - { name: a, endpoint: "https://a.openai.azure.com", region: westeurope, deployments: [d], auth: { type: managedIdentity, endpoint: "http://metadata.example" } }
                  - { name: b, endpoint: "https://b.openai.azure.com", region: westeurope, deployments: [d], auth: { type: managedIdentity, source: appService } }
                  - { name: c, endpoint: "https://c.openai.azure.com", region: westeurope, deployments: [d], auth: { type: workloadIdentity, clientId: x } }
                  - { name: d, endpoint: "https://d.openai.azure.com", region: westeurope, deployments: [d], auth: { type: clientSecret, tenantId: t, clientId: x, secretEnv: NOPE, authority: "http://login.example" } }
                  - { name: e, endpoint: "https://e.openai.azure.com", region: westeurope, deployments: [d], auth: { type: apiKey, keyEnv: K, colour: red } }
                """, environment: ["K": "k"])
        else {
            Issue.record("an invalid configuration loaded")
            return
        }
        #expect(
            Set(problems.errors.map(\.path)) == [
                "upstreams[0].auth.endpoint", "upstreams[1].auth.endpointEnv", "upstreams[1].auth.headerEnv", "upstreams[2].auth.tenantId",
                "upstreams[2].auth.tokenFile", "upstreams[3].auth.secretEnv", "upstreams[3].auth.authority", "upstreams[4].auth.colour",
            ])
    }

    static let entra = """
        upstreams:
          - { name: a, endpoint: "https://a.openai.azure.com", region: swedencentral, deployments: [gpt-4o], auth: { type: managedIdentity } }
        trustedProxies: [10.0.0.4, "fd00::/8"]
        entra:
          tenants: [72f988bf-86f1-41af-91ab-2d7cd011db47]
          audiences: [api://bulwark]
          clockSkewSeconds: 120
          policies:
            - name: analysts
              roles: [Gateway.Chat]
              deployments: [gpt-4o]
              operations: [chat]
              regions: [eu]
              requireMFA: true
              authenticationContexts: [c1]
              clientIPs: [10.0.0.0/8, 2001:db8::/32]
        """

    @Test("Entra ID settings and token policies load; the JWKS and issuers follow the authority")
    func entraSettings() throws {
        let configuration = try Self.load(Self.entra).get()
        let entra = try #require(configuration.entra)
        #expect(entra.jwksURL.absoluteString == "https://login.microsoftonline.com/common/discovery/v2.0/keys")
        #expect(entra.clockSkewSeconds == 120)
        #expect(entra.issuers(for: "t") == ["https://login.microsoftonline.com/t/v2.0", "https://sts.windows.net/t/"])
        let policy = try #require(entra.policies.first)
        #expect(policy.operations == ["chat"] && policy.requireMFA && policy.authenticationContexts == ["c1"])
        #expect(policy.clientNetworks.map(\.description) == ["10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32"])
        #expect(configuration.trustedProxies.count == 2)
    }

    @Test("a policy may list the new operations; one that lists none keeps the three it had before they existed")
    func policyOperations() throws {
        let text =
            Self.entra.replacingOccurrences(
                of: "operations: [chat]", with: "operations: [responses, images, audio, files, batches, realtime]")
            + "\n    - { name: plain, roles: [Gateway.Plain], deployments: [gpt-4o] }"
        let policies = try #require(try Self.load(text).get().entra?.policies)
        #expect(policies[0].operations == ["responses", "images", "audio", "files", "batches", "realtime"])
        #expect(policies[1].operations == ["chat", "completions", "embeddings"])
    }

    @Test("Entra ID problems are reported at once")
    func entraProblems() {
        let text = """
            upstreams:
              - { name: a, endpoint: "https://a.openai.azure.com", region: westeurope, deployments: [d], auth: { type: managedIdentity } }
            trustedProxies: [10.0.0.0/33]
            entra:
              tenants: [common]
              audiences: []
              clockSkewSeconds: 3600
              jwksUrl: "http://keys.example/keys"
              policies:
                - { name: none-matched, deployments: [d] }
                - { name: bad, roles: [r], deployments: [d], operations: [chat, painting], clientIPs: [not-an-ip] }
            """
        guard case .failure(let problems) = Self.load(text) else {
            Issue.record("an invalid configuration loaded")
            return
        }
        #expect(
            Set(problems.errors.map(\.path)) == [
                "trustedProxies", "entra.tenants", "entra.audiences", "entra.clockSkewSeconds", "entra.jwksUrl", "entra.policies[0]",
                "entra.policies[1].operations", "entra.policies[1].clientIPs",
            ])
    }

    @Test(
        "CIDR blocks match their addresses, IPv4-mapped IPv6 included",
        arguments: [
            ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false), ("192.168.1.7", "192.168.1.7", true),
            ("192.168.1.0/25", "192.168.1.200", false), ("2001:db8::/32", "2001:db8:1::5", true), ("2001:db8::/32", "2001:db9::1", false),
            ("10.0.0.0/8", "::ffff:10.1.2.3", true), ("0.0.0.0/0", "8.8.8.8", true), ("10.0.0.0/8", "2001:db8::1", false),
            ("10.0.0.0/8", "garbage", false),
        ])
    func networks(network: String, address: String, expected: Bool) throws {
        #expect(try #require(IPNetwork(network)).contains(address) == expected)
    }

    @Test("malformed CIDR blocks are refused", arguments: ["10.0.0.0/33", "10.0.0/8", "::/129", "10.0.0.0/-1", "10.0.0.0/", "host", ""])
    func malformedNetworks(text: String) {
        #expect(IPNetwork(text) == nil)
    }
}

@Suite("The documented example configuration")
struct ExampleConfigurationTests {
    @Test("Examples/gateway.yaml validates, and so does it with every commented option switched on")
    func exampleValidates() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Examples/gateway.yaml"), encoding: .utf8)
        let environment = [
            "AZURE_OPENAI_KEY_SWEDEN": "k", "BULWARK_STATE": FileManager.default.temporaryDirectory.path,
            "BULWARK_AUDIT_KEY": String(repeating: "a", count: 32),
        ]
        let loaded = GatewayConfigurationLoader(environment: environment).load(text, file: "gateway.yaml")
        #expect(throws: Never.self) { try loaded.get() }
        // Uncomment the optional top-level sections (entra, trustedProxies) and check they load as written.
        var lines: [String] = []
        var inOptional = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# entra:") || line.hasPrefix("# trustedProxies:") || line.hasPrefix("# abuse:")
                || line.hasPrefix("# limits:") || line.hasPrefix("# metrics:")
            {
                inOptional = true
            }
            if inOptional, line.hasPrefix("# ") || line == "#" {
                lines.append(String(line.dropFirst(2)))
                if line.hasPrefix("# trustedProxies:") { inOptional = false }
                continue
            }
            inOptional = false
            lines.append(String(line))
        }
        let full = try GatewayConfigurationLoader(environment: environment).load(lines.joined(separator: "\n"), file: "gateway.yaml").get()
        #expect(full.entra?.policies.first?.requireMFA == true)
        #expect(full.trustedProxies.count == 1)
        #expect(full.metricsListener == GatewayConfiguration.MetricsListener(host: "127.0.0.1", port: 9464))
        #expect(full.abuse?.threshold == 5)
        #expect(full.guardProfiles["standard"]?.blocklist?.entries.count == 2 && full.defaultGuards == "standard")
        #expect(full.limits.rules.map(\.name) == ["team-rpm", "dep-tpm", "monthly", "budget", "inflight"])
        #expect(full.limits.price(of: "GPT-4o") == TokenPrice(inputPerMillion: 2.5, outputPerMillion: 10))
        #expect(full.limits.encoding(of: "text-embedding-3-small") == .cl100kBase && full.limits.defaultCompletionTokens == 4_096)
    }
}
