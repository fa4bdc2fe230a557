public import NIOSSL

/// Where a Redis server is and how to talk to it. Read a URL with ``init(url:password:)``.
///
/// The password should come from the environment, not the URL. Whatever its source, it never appears in this
/// type's description, its mirror (`dump`), a log line or an error.
public struct RESPConfiguration: Sendable {
    /// Which protocol the connection speaks after connecting.
    public enum ProtocolVersion: Sendable, Hashable {
        /// RESP2: no `HELLO`; `AUTH` when there is a password.
        case resp2
        /// RESP3: `HELLO 3` (with `AUTH` in it), so replies may use RESP3's types.
        case resp3
    }

    /// The host name or IP address.
    public var host: String
    /// The TCP port (Redis's default is 6379).
    public var port: Int
    /// The ACL user name; `nil` means the default user.
    public var username: String?
    /// The password, sent with `AUTH` or `HELLO`; never printed.
    public var password: String?
    /// The logical database selected with `SELECT` after connecting (0 sends nothing).
    public var database: Int
    /// TLS settings when the server speaks TLS (`rediss://`); `nil` for plain TCP. Certificates are verified unless
    /// the caller turns that off in this value.
    public var tls: TLSConfiguration?
    /// The protocol version.
    public var protocolVersion: ProtocolVersion
    /// How long a command may wait for its reply unless the call names its own timeout.
    public var commandTimeout: Duration
    /// How long connecting (TCP, TLS, `AUTH`, `SELECT`) may take.
    public var connectTimeout: Duration
    /// The decoder's bounds on what the server may send.
    public var limits: RESPDecoder.Limits
    /// How the client retries connecting.
    public var reconnect: Reconnect

    /// Retry policy for connecting: exponential backoff from ``initialDelay``, doubling, capped at ``maximumDelay``.
    public struct Reconnect: Sendable, Hashable {
        /// Connection attempts per call before the call fails with ``RESPError/connectFailed``.
        public var attempts: Int
        /// The wait after the first failure.
        public var initialDelay: Duration
        /// The longest wait between attempts.
        public var maximumDelay: Duration

        /// Makes a policy.
        public init(attempts: Int = 3, initialDelay: Duration = .milliseconds(50), maximumDelay: Duration = .seconds(2)) {
            self.attempts = max(1, attempts)
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
        }

        /// The wait before attempt `attempt` (0 is the first retry): doubling, never above ``maximumDelay``.
        public func delay(beforeRetry attempt: Int) -> Duration {
            var delay = initialDelay
            for _ in 0..<min(attempt, 30) {
                delay *= 2
                if delay >= maximumDelay { return maximumDelay }
            }
            return min(delay, maximumDelay)
        }
    }

    /// Makes a configuration.
    public init(
        host: String, port: Int = 6379, username: String? = nil, password: String? = nil, database: Int = 0,
        tls: TLSConfiguration? = nil, protocolVersion: ProtocolVersion = .resp2, commandTimeout: Duration = .milliseconds(500),
        connectTimeout: Duration = .seconds(2), limits: RESPDecoder.Limits = RESPDecoder.Limits(), reconnect: Reconnect = Reconnect()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.protocolVersion = protocolVersion
        self.commandTimeout = commandTimeout
        self.connectTimeout = connectTimeout
        self.limits = limits
        self.reconnect = reconnect
    }
}

extension RESPConfiguration: CustomStringConvertible, CustomReflectable {
    /// The server's address and options; a password shows as `<redacted>`.
    public var description: String {
        let scheme = tls == nil ? "redis" : "rediss"
        let user = username.map { "\($0)@" } ?? ""
        let secret = password == nil ? "" : " password=<redacted>"
        return "\(scheme)://\(user)\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)\(secret)"
    }

    /// A mirror without the password, so `dump` and debuggers do not show it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username as Any, "password": password == nil ? "nil" : "<redacted>",
                "database": database, "tls": tls != nil, "protocolVersion": protocolVersion, "commandTimeout": commandTimeout,
            ])
    }
}
