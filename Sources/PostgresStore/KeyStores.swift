public import APIKeys
public import Foundation
public import Logging
public import RateLimits

/// A key store opened from its location, with its usage ledger (the same database) and, for PostgreSQL, the
/// service that must run while either is used.
public struct OpenedKeyStore: Sendable {
    public var store: any KeyStore
    public var ledger: any UsageLedger
    /// The PostgreSQL store itself (pool, migration, listener); nil for SQLite, which needs nothing running.
    public var service: PostgresKeyStore?

    /// Runs `body` with the service running (migrated first), then stops it: for one command.
    public func withRunning<Value: Sendable>(_ body: (OpenedKeyStore) async throws -> Value) async throws -> Value {
        guard let service else { return try await body(self) }
        return try await service.withRunning { _ in try await body(self) }
    }
}

/// Opens a key store by its location: `sqlite:PATH` (or a path) or `postgres://USER@HOST:PORT/DB`.
public enum KeyStores {
    /// - Parameters:
    ///   - location: as `keys.store` or `--store` writes it.
    ///   - pepper: the server secret mixed into key hashes, if any.
    ///   - passwordEnvironment: the variable holding PostgreSQL's password (`PGPASSWORD` by default); unset means none.
    ///   - environment: where that variable is read.
    ///   - options: PostgreSQL's cache and timeouts; `listens` is false for commands, which cache nothing.
    /// - Throws: ``KeyStoreError``; its message never holds the password.
    public static func open(
        _ location: String, pepper: [UInt8]?, passwordEnvironment: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        options: PostgresKeyStore.Options = PostgresKeyStore.Options(), logger: Logger = Logger(label: "bulwark.keys")
    ) throws(KeyStoreError) -> OpenedKeyStore {
        switch try KeyStoreLocation(location) {
        case .sqlite(let path):
            let store = try APIKeyStore(location: "sqlite:\(path)", pepper: pepper)
            return OpenedKeyStore(store: store, ledger: store, service: nil)
        case .postgres(let postgres):
            let variable = passwordEnvironment ?? "PGPASSWORD"
            let password = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
            if passwordEnvironment != nil, password == nil {
                throw KeyStoreError(.invalidLocation, "the password variable \(variable) is not set")
            }
            let store = try PostgresKeyStore(location: postgres, password: password, pepper: pepper, options: options, logger: logger)
            return OpenedKeyStore(store: store, ledger: store, service: store)
        }
    }
}
