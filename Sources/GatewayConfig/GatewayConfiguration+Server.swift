extension GatewayConfiguration {
    /// Connection-level limits against slow or idle clients (slowloris), from the `server` section.
    public struct Connections: Sendable, Hashable {
        /// A connection must send a complete request head within this long of opening, or of its previous
        /// response (`server.headerTimeoutSeconds`, 10 s).
        public var headerTimeout: Duration
        /// A kept-alive connection with no request in flight is closed after this long (`server.idleTimeoutSeconds`,
        /// 60 s). A WebSocket (realtime) connection is not idle-timed once upgraded.
        public var idleTimeout: Duration
        /// At most this many open connections from one client address (`server.maxConnectionsPerAddress`, 512);
        /// the next is closed at once.
        public var maximumPerAddress: Int

        public init(headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60), maximumPerAddress: Int = 512) {
            self.headerTimeout = headerTimeout
            self.idleTimeout = idleTimeout
            self.maximumPerAddress = maximumPerAddress
        }
    }

    /// The separate, unauthenticated listener for Prometheus (`metrics.listen`), plain HTTP.
    public struct MetricsListener: Sendable, Hashable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }
}
