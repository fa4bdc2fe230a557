import GatewayConfig
import Synchronization

/// The open connections of each client address, for `server.maxConnectionsPerAddress`. Shared by every connection
/// of one listener; a connection takes a place when it opens and gives it back when it closes.
final class ConnectionsPerAddress: Sendable {
    let maximum: Int
    private let counts = Mutex<[String: Int]>([:])

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Takes a place for `address`; false (and nothing taken) when it already holds `maximum` connections.
    func acquire(_ address: String) -> Bool {
        counts.withLock { counts in
            let open = counts[address, default: 0]
            guard open < maximum else { return false }
            counts[address] = open + 1
            return true
        }
    }

    func release(_ address: String) {
        counts.withLock { counts in
            let open = counts[address, default: 0] - 1
            counts[address] = open > 0 ? open : nil
        }
    }
}

/// Why the gateway closed a connection itself: the label of `bulwark_gateway_connections_closed_total{reason}`.
enum ConnectionClosure: String, Sendable {
    /// The address already held `server.maxConnectionsPerAddress` connections.
    case perAddressLimit = "per_address_limit"
    /// A request head took longer than `server.headerTimeoutSeconds`.
    case headerTimeout = "header_timeout"
    /// A kept-alive connection sat idle for `server.idleTimeoutSeconds`.
    case idleTimeout = "idle_timeout"
}

/// What a listener's connections are held to: its settings, the per-address counts, and where closures are counted.
struct ConnectionPolicy: Sendable {
    let settings: GatewayConfiguration.Connections
    let perAddress: ConnectionsPerAddress
    let closed: @Sendable (ConnectionClosure) -> Void

    init(settings: GatewayConfiguration.Connections, closed: @escaping @Sendable (ConnectionClosure) -> Void) {
        self.settings = settings
        perAddress = ConnectionsPerAddress(maximum: settings.maximumPerAddress)
        self.closed = closed
    }
}
