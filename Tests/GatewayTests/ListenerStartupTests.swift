import APIKeys
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// A port already taken stops the gateway with the address and what to do, not the socket call's errno.
@Suite("Gateway listener startup")
struct ListenerStartupTests {
    /// Runs the whole gateway process with `listen` and `metrics` lines, and returns what stopped it.
    static func startupError(listen: String, metrics: String?, folder: TemporaryFolder) async throws -> String {
        let keys = folder.path("keys.db")
        _ = try APIKeyStore(location: keys)
        let configuration = try GatewayConfigurationLoader(environment: ["K": "k"]).load(
            """
            listen: "\(listen)"
            upstreams:
              - { name: fake, endpoint: "http://127.0.0.1:1", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: K } }
            keys: { store: "sqlite:\(keys)" }
            \(metrics.map { "metrics: { listen: \"\($0)\" }" } ?? "")
            """, file: "gateway.yaml"
        ).get()
        let server = GatewayServer(configuration: configuration, environment: ["K": "k"])
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await server.run()
                    return "ran to the end"
                } catch let error as GatewayServer.StartupError {
                    return error.description
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first ?? "still running after 10 s"
        }
    }

    @Test("listen and metrics.listen on a port in use: 'address … is already in use' with the setting to change")
    func portInUse() async throws {
        let folder = try TemporaryFolder("gateway-port")
        defer { folder.remove() }
        try await Application(router: Router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { taken in
            let port = try #require(taken.port)
            let api = try await Self.startupError(listen: "127.0.0.1:\(port)", metrics: nil, folder: folder)
            #expect(api == "address 127.0.0.1:\(port) is already in use: choose another listen, or stop the process listening there")
            let metrics = try await Self.startupError(listen: "127.0.0.1:0", metrics: "127.0.0.1:\(port)", folder: folder)
            #expect(
                metrics == "address 127.0.0.1:\(port) is already in use: choose another metrics.listen, or stop the process listening there"
            )
        }
    }
}
