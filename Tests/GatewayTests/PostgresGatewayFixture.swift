import Foundation
import GatewayConfig
import GatewayTesting
import Hummingbird
import HummingbirdTesting
import PostgresStore
import Testing

/// The server `Scripts/postgres-for-tests.sh` started, if any.
let postgresTestURL = ProcessInfo.processInfo.environment["BULWARK_POSTGRES_URL"]

/// A PostgreSQL key store with its change listener running and listening, and a gateway configuration on it in front
/// of a fake upstream serving `gpt-4o`: what every gateway test on PostgreSQL starts from.
enum PostgresGatewayFixture {
    /// The default options with a patient timeout: the suite shares two cores with every other test, and a key
    /// lookup that waits on a starved machine is not what these tests judge. Tests of timeouts set their own.
    static var patientOptions: PostgresKeyStore.Options {
        var options = PostgresKeyStore.Options()
        options.timeout = .seconds(30)
        return options
    }

    static func run(
        _ body: @Sendable (OpenedKeyStore, GatewayConfiguration, _ environment: [String: String]) async throws -> Void
    ) async throws {
        let url = try #require(postgresTestURL)
        let environment = [
            "UPSTREAM_KEY": "upstream-secret", "PGPASSWORD": ProcessInfo.processInfo.environment["BULWARK_POSTGRES_PASSWORD"] ?? "",
        ]
        let opened = try KeyStores.open(url, pepper: nil, environment: environment, options: patientOptions)
        let service = try #require(opened.service)
        let upstream = FakeUpstream()
        let upstreamApp = Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstreamApp.test(.live) { upstreamClient in
            let port = try #require(upstreamClient.port)
            let configuration = try GatewayConfigurationLoader(environment: environment).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(port)", region: westeurope, deployments: [gpt-4o], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "\(url)", passwordEnv: PGPASSWORD }
                """, file: "gateway.yaml"
            ).get()
            try await withRunningServices([service]) {
                let deadline = ContinuousClock.now + .seconds(20)
                while !service.isListening, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                try await body(opened, configuration, environment)
            }
        }
    }
}
