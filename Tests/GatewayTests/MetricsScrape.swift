import Gateway
import Hummingbird
import HummingbirdTesting

/// Reads the metrics of the gateway under test, as Prometheus would on the metrics listener (the API listener no
/// longer serves `/metrics`). The test helpers set `gateway` around a test's body.
enum MetricsScrape {
    @TaskLocal static var gateway: GatewayApplication?

    struct NoGateway: Error {}

    static func text() async throws -> String {
        guard let gateway else { throw NoGateway() }
        return try await Application(router: gateway.metricsRouter()).test(.router) { client in
            String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
        }
    }
}
