import APIKeys
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The server `Scripts/redis-for-tests.sh` started (a loopback address), if any.
private let redisURL = ProcessInfo.processInfo.environment["BULWARK_REDIS_URL"]

@Suite("Gateway limits shared through Redis", .enabled(if: redisURL != nil))
struct SharedLimitTests {
    @Test("two gateway replicas sharing Redis admit exactly the limit between them, then both refuse")
    func twoReplicas() async throws {
        let upstream = FakeUpstream()
        let upstreamApp = Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let folder = try TemporaryFolder("gateway-shared-limits")
            defer { folder.remove() }
            let storePath = folder.path("keys.db")
            let store = try APIKeyStore(location: storePath)
            let secret = try store.create(name: "team", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil).secret
            let prefix = "{bwtest-gateway-\(UInt32.random(in: 0...UInt32.max))}:"
            let configuration = try GatewayConfigurationLoader(environment: ["UPSTREAM_KEY": "upstream-secret"]).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(port)", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:\(storePath)" }
                limits:
                  store: "\(try #require(redisURL))"
                  keyPrefix: "\(prefix)"
                  timeout: 5s
                  rules:
                    - { name: everyone, scope: global, requests: 3, per: 3600s }
                """, file: "gateway.yaml"
            ).get()
            let replicas = (0..<2).map { _ in
                GatewayApplication(
                    configuration: configuration, keyStore: store, httpClient: .shared, environment: ["UPSTREAM_KEY": "upstream-secret"])
            }
            let first = Application(router: replicas[0].router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            let second = Application(router: replicas[1].router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await first.test(.live) { one in
                try await second.test(.live) { two in
                    var statuses: [HTTPResponse.Status] = []
                    for index in 0..<6 {
                        statuses.append(try await LimitTests.chat(index % 2 == 0 ? one : two, secret).status)
                    }
                    #expect(statuses == [.ok, .ok, .ok, .tooManyRequests, .tooManyRequests, .tooManyRequests])
                    #expect(upstream.received.withLock { $0.count } == 3, "the upstream saw exactly the limit, from both replicas")
                }
            }
        }
    }
}
