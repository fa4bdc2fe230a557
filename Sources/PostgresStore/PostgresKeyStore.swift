public import APIKeys
import Foundation
public import Logging
import NIOSSL
import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// Gateway keys and abuse suspensions in PostgreSQL, shared by every replica, with each replica's own memory of
/// them so that authenticating a known key costs no database round trip.
///
/// A change made anywhere (any replica, or `bulwark keys … --store postgres://…`) commits with a `NOTIFY` on
/// ``channel`` in the same transaction; every replica's listener drops the changed entry, so a revocation,
/// rotation, limit update or suspension takes effect everywhere within a second. ``KeyCache`` says when memory is
/// trusted: while PostgreSQL is unreachable, keys already in memory keep working for ``Options/staleness`` (3 s
/// by default) after the listener last heard from the server, then every lookup asks the database, and a store
/// that cannot answer throws (the gateway answers 503 `key_store_unavailable`).
///
/// Run it (``run()``, a `Service`) while it is used: it runs the connection pool, the schema migration and the
/// listener. ``withRunning(_:)`` does the same around one piece of work, for the command line.
public final class PostgresKeyStore: KeyStore, Service {
    /// The notification channel for key and suspension changes.
    public static let channel = "bulwark_keys"

    /// How the store trades freshness, memory and patience.
    public struct Options: Sendable {
        /// How long memory is believed after the listener last confirmed its connection.
        public var staleness: Duration = .seconds(3)
        /// How often the listener confirms its connection.
        public var heartbeat: Duration = .seconds(1)
        /// How long an unknown prefix is remembered.
        public var unknownTTL: Duration = .seconds(5)
        /// At most this many keys, unknown prefixes and suspension answers each are kept in memory.
        public var capacity: Int = 10_000
        /// How long a database call may take before the store gives up (and the gateway answers 503).
        public var timeout: Duration = .seconds(2)
        /// Whether ``run()`` listens for changes; the command line, which caches nothing, does not.
        public var listens = true
        /// Connections in the pool.
        public var maximumConnections = 10

        public init() {}
    }

    let client: PostgresClient
    let location: PostgresLocation
    let pepper: [UInt8]?
    let options: Options
    let logger: Logger
    let cache: Mutex<KeyCache>

    /// - Parameters:
    ///   - location: the server and database (``KeyStoreLocation``); it holds no password.
    ///   - password: the role's password, from the environment; never logged.
    ///   - pepper: the server secret mixed into key hashes, as for SQLite.
    /// - Throws: ``KeyStoreError`` when `sslrootcert` cannot be read.
    public init(
        location: PostgresLocation, password: String?, pepper: [UInt8]? = nil, options: Options = Options(),
        logger: Logger = Logger(label: "bulwark.keys")
    ) throws(KeyStoreError) {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: password, database: location.database,
            tls: try Self.tls(location))
        configuration.options.maximumConnections = options.maximumConnections
        configuration.options.connectTimeout = options.timeout
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.location = location
        self.pepper = pepper
        self.options = options
        self.logger = logger
        cache = Mutex(KeyCache(staleness: options.staleness, unknownTTL: options.unknownTTL, capacity: options.capacity))
    }

    private static func tls(_ location: PostgresLocation) throws(KeyStoreError) -> PostgresClient.Configuration.TLS {
        guard location.tls != .disable else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = location.tls == .verifyFull ? .fullVerification : .noHostnameVerification
        if let path = location.rootCertificatePath {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw KeyStoreError(.invalidLocation, "sslrootcert \(path) cannot be read")
            }
            tls.trustRoots = .file(path)
        }
        return .require(tls)
    }

    // MARK: Running

    /// Runs the pool, migrates the schema (see ``migrate()``), then listens for changes until cancelled or shut
    /// down gracefully.
    /// - Throws: ``KeyStoreError`` when the schema cannot be migrated (PostgreSQL unreachable, say).
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            try await cancelWhenGracefulShutdown { [self] in
                try await migrate()
                if options.listens {
                    await listen()
                } else {
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                }
            }
        }
    }

    /// Runs the pool and migrates the schema around `body`: for one command.
    public func withRunning<Value: Sendable>(_ body: (PostgresKeyStore) async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            try await migrate()
            return try await body(self)
        }
    }

    /// True once the listener is connected: memory is in use. For tests and readiness.
    public var isListening: Bool { cache.withLock { $0.isListening } }

    // MARK: Database calls

    /// Runs `body` with a connection, giving up after `timeout` (``Options/timeout`` by default).
    func database<Value: Sendable>(
        _ what: String, timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresClient) async throws -> Value
    ) async throws(KeyStoreError) -> Value {
        let client = self.client
        do {
            return try await Deadline.run(timeout ?? options.timeout) { try await body(client) }
        } catch let error as KeyStoreError {
            throw error
        } catch let error as PostgresTransactionError where error.closureError is KeyStoreError {
            // The transaction failed because its body threw ours: that error, not the transaction's.
            throw (error.closureError as? KeyStoreError) ?? KeyStoreError(.unavailable, "cannot \(what)")
        } catch is Deadline.Exceeded {
            throw KeyStoreError(.unavailable, "cannot \(what): PostgreSQL at \(location.host):\(location.port) did not answer in time")
        } catch {
            throw KeyStoreError(.unavailable, "cannot \(what): \(Self.describe(error))")
        }
    }

    /// Runs `body` in a transaction that also notifies every replica of `changes` (`k:PREFIX`, `s:IDENTITY`),
    /// then drops them from this replica's memory at once.
    func change<Value: Sendable>(
        _ what: String, notifying changes: @escaping @Sendable (Value) -> [String],
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws(KeyStoreError) -> Value {
        let value = try await database(what) { client in
            try await client.withTransaction(logger: Self.quiet) { connection in
                let value = try await body(connection)
                for payload in changes(value) {
                    try await connection.query("SELECT pg_notify(\(Self.channel), \(payload))", logger: Self.quiet)
                }
                return value
            }
        }
        cache.withLock { cache in for payload in changes(value) { cache.invalidate(payload) } }
        return value
    }

    /// The logger queries run with: none, so no statement or value of one reaches a log.
    static let quiet = Logger(label: "bulwark.keys.sql", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A short description of a PostgreSQL error: its kind and the server's message, never the query's values.
    static func describe(_ error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            return describe(
                transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? transaction.rollbackError ?? error)
        }
        guard let error = error as? PSQLError else { return "\(type(of: error))" }
        var text = "\(error.code)"
        if let message = error.serverInfo?[.message] { text += ": \(message)" }
        if let underlying = error.underlying { text += " (\(underlying))" }
        return text
    }

    public func isReadable() async -> Bool {
        (try? await database("read the key store") { client in
            for try await value in try await client.query("SELECT 1").decode(Int.self) { return value }
            return 0
        }) == 1
    }
}
