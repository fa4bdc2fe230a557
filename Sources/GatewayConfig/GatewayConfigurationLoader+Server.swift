extension GatewayConfigurationLoader {
    /// `server.headerTimeoutSeconds` (1–30, default 10), `server.idleTimeoutSeconds` (1–3600, default 60) and
    /// `server.maxConnectionsPerAddress` (1–1,000,000, default 512).
    func readConnections(_ reader: ConfigurationReader) -> GatewayConfiguration.Connections {
        let server = reader.root["server"]
        let defaults = GatewayConfiguration.Connections()
        let header = reader.int(server?["headerTimeoutSeconds"], "server.headerTimeoutSeconds", default: 10, in: 1...30, unit: "seconds")
        let idle = reader.int(server?["idleTimeoutSeconds"], "server.idleTimeoutSeconds", default: 60, in: 1...3600, unit: "seconds")
        let perAddress = reader.int(
            server?["maxConnectionsPerAddress"], "server.maxConnectionsPerAddress", default: defaults.maximumPerAddress,
            in: 1...1_000_000, unit: "connections")
        return GatewayConfiguration.Connections(headerTimeout: .seconds(header), idleTimeout: .seconds(idle), maximumPerAddress: perAddress)
    }

    /// `metrics: { listen: HOST:PORT }`: where Prometheus scrapes `/metrics`, plain HTTP and unauthenticated, so only
    /// on loopback unless `allowNonLoopback: true` says the network in front of it is trusted.
    func readMetricsListener(_ reader: ConfigurationReader) -> GatewayConfiguration.MetricsListener? {
        guard let node = reader.root["metrics"] else { return nil }
        guard node.mapping != nil else {
            reader.fail(node, "metrics", "expected a mapping such as { listen: \"127.0.0.1:9464\" }")
            return nil
        }
        reader.rejectUnknownKeys(node, "metrics", known: ["listen", "allowNonLoopback"])
        let allowNonLoopback = reader.bool(node["allowNonLoopback"], "metrics.allowNonLoopback", default: false)
        guard let text = reader.string(node["listen"], "metrics.listen", parent: node) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (0...65535).contains(port) else {
            reader.fail(node["listen"], "metrics.listen", "expected host:port, such as 127.0.0.1:9464")
            return nil
        }
        if !allowNonLoopback, !ConfigurationReader.isLoopback(String(parts[0])) {
            reader.fail(
                node["listen"], "metrics.listen",
                "the metrics listener is unauthenticated plain HTTP, so it listens only on loopback (127.0.0.1, ::1, localhost); set metrics.allowNonLoopback: true if the network in front of it is trusted"
            )
        }
        return GatewayConfiguration.MetricsListener(host: String(parts[0]), port: port)
    }
}
