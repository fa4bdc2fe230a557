import GatewayConfig
import Testing

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
        let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k", "KEY_DIR": "/var/lib/bulwark"]).load(Self.valid, file: "g.yaml").get()
        #expect(configuration.listener.port == 8080)
        #expect(configuration.keyStore == "sqlite:/var/lib/bulwark/keys.db")
        #expect(configuration.upstreams(serving: "GPT-4o").map(\.name) == ["local"])
        #expect(configuration.upstreams(serving: "other").isEmpty)
        #expect(configuration.shutdownDrainSeconds == 30, "the drain deadline defaults to 30 s")
        let drained = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "k", "KEY_DIR": "/k"])
            .load(Self.valid + "\nlimits: { shutdownDrainSeconds: 5 }", file: "g.yaml").get()
        #expect(drained.shutdownDrainSeconds == 5)
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
                auth: { type: managedIdentity }
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
        #expect(Set(paths) == ["listen", "upstreams[0].endpoint", "upstreams[0].deployments", "upstreams[0].auth.type", "keys.store", "audit.hmacKeyEnv", "colour", "limits.shutdownDrainSeconds"])
        let endpoint = problems.errors.first { $0.path == "upstreams[0].endpoint" }
        #expect(endpoint?.line == 4)
        #expect(endpoint?.message == "plain HTTP is allowed only to loopback upstreams; use https://")
        #expect(problems.errors.first { $0.path == "listen" }?.message.hasPrefix("plain HTTP may listen only on loopback") == true)
        #expect(problems.errors.first { $0.path == "keys.store" }?.message == "the environment variable MISSING is not set")
    }

    @Test("geographies allow their regions only", arguments: [
        (["eu"], "swedencentral", true), (["eu"], "eastus", false), (["us"], "EastUS2", true),
        (["westeurope"], "westeurope", true), ([], "anywhere", true),
    ])
    func geographies(allowed: [String], region: String, expected: Bool) {
        #expect(Geography.allows(allowed, region: region) == expected)
    }
}
