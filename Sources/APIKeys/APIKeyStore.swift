public import Foundation
import GRDB
import Synchronization

/// Gateway API keys in SQLite: only a salted hash and the public prefix of each key are stored. The same file
/// keeps abuse suspensions and the usage ledger (``APIKeyStore+Usage.swift``).
///
/// `DatabaseQueue` serialises every access, so one store may be shared by concurrent requests. Its calls block
/// their thread; the ``KeyStore`` conformance says so, and the gateway runs them on its blocking pool.
public final class APIKeyStore: KeyStore {
    /// How often `lastUsedAt` is written for one key: often enough to answer "is this key still used?",
    /// rarely enough not to turn every request into a write.
    package static let lastUsedResolution: TimeInterval = 60

    let database: DatabaseQueue
    private let pepper: [UInt8]?
    /// Key changes (create, revoke, rotate, limits) made through this store's own connection, which SQLite's
    /// `data_version` does not count: see ``keyChangeMark()``.
    private let ownKeyChanges = Atomic<UInt64>(0)

    /// Why the store could not be opened or written.
    public typealias Failure = KeyStoreError

    /// SQLite blocks the calling thread.
    public var performsBlockingIO: Bool { true }

    /// - Parameters:
    ///   - location: `sqlite:PATH`, or a plain path.
    ///   - pepper: an optional server secret mixed into every hash (from the environment variable the
    ///     configuration names). Keys created with one pepper only verify with the same pepper.
    public init(location: String, pepper: [UInt8]? = nil) throws(Failure) {
        let path = location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
        guard !path.isEmpty else { throw Failure(.invalidLocation, "expected a key store such as sqlite:keys.db") }
        do {
            database = try DatabaseQueue(path: path, configuration: Self.databaseConfiguration)
            try Self.migrator.migrate(database)
        } catch {
            throw Failure(description: "cannot open the key store at \(path): \(error.localizedDescription)")
        }
        self.pepper = pepper
    }

    /// The file is shared: the gateway reads keys and writes usage while `bulwark keys` and other replicas on the
    /// same host write too. Write-ahead logging lets readers go on while one writes, and a busy database is waited
    /// for (up to 5 s) instead of failing the request at once.
    private static var databaseConfiguration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
        }
        return configuration
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "key") { table in
                table.primaryKey("prefix", .text)
                table.column("name", .text).notNull()
                table.column("salt", .blob).notNull()
                table.column("digest", .blob).notNull()
                table.column("scope", .text).notNull()
                table.column("createdAt", .double).notNull()
                table.column("expiresAt", .double)
                table.column("lastUsedAt", .double)
                table.column("revokedAt", .double)
                table.column("retiresAt", .double)
            }
        }
        registerSuspensions(&migrator)
        registerUsage(&migrator)
        registerOwnership(&migrator)
        registerLineage(&migrator)
        return migrator
    }

    /// Creates a key, which starts its own lineage. The returned secret is the only copy.
    public func create(name: String, scope: APIKeyScope, expiresIn: TimeInterval?, now: Date = Date()) throws(Failure) -> IssuedKey {
        try issue(name: name, scope: scope, expiresIn: expiresIn, lineage: nil, now: now)
    }

    /// A new key in `lineage` (nil: its own).
    private func issue(name: String, scope: APIKeyScope, expiresIn: TimeInterval?, lineage: String?, now: Date) throws(Failure)
        -> IssuedKey
    {
        let material = KeyMaterial.generate()
        let salt = KeyMaterial.salt()
        let record = APIKeyRecord(
            prefix: material.prefix, name: name, scope: scope, createdAt: now,
            expiresAt: expiresIn.map { now.addingTimeInterval($0) }, lastUsedAt: nil, revokedAt: nil, retiresAt: nil, lineage: lineage
        )
        let digest = KeyMaterial.digest(secret: material.secretBytes, salt: salt, pepper: pepper)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO key (prefix, name, salt, digest, scope, createdAt, expiresAt, lineage) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.prefix, name, Data(salt), Data(digest), try Self.encode(scope), now.timeIntervalSince1970,
                    record.expiresAt?.timeIntervalSince1970, record.lineage,
                ]
            )
        }
        noteKeyChange()
        return IssuedKey(record: record, secret: material.secret)
    }

    public func list() throws(Failure) -> [APIKeyRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM key ORDER BY createdAt, prefix").map(Self.record) }
    }

    /// Revokes a key at once. Returns false when no key has that prefix.
    @discardableResult
    public func revoke(prefix: String, now: Date = Date()) throws(Failure) -> Bool {
        defer { noteKeyChange() }
        return try write { db in
            try db.execute(
                sql: "UPDATE key SET revokedAt = ? WHERE prefix = ? AND revokedAt IS NULL", arguments: [now.timeIntervalSince1970, prefix])
            return db.changesCount > 0
        }
    }

    /// Replaces the key's own limits (`keys update --limit`); the rest of its scope stays. The gateway reads them
    /// with the key on every request, so the change takes effect at once.
    /// - Returns: false when no key has that prefix.
    @discardableResult
    public func updateLimits(prefix: String, limits: [String]) throws(Failure) -> Bool {
        guard var scope = try list().first(where: { $0.prefix == prefix })?.scope else { return false }
        scope.limits = limits
        let encoded: String
        do { encoded = try Self.encode(scope) } catch { throw Failure(.unreadable, "cannot encode the scope of \(prefix)") }
        defer { noteKeyChange() }
        return try write { db in
            try db.execute(sql: "UPDATE key SET scope = ? WHERE prefix = ?", arguments: [encoded, prefix])
            return db.changesCount > 0
        }
    }

    /// Issues a new key with the same name, scope, lifetime and lineage; the old one keeps working for `grace`, then not.
    public func rotate(prefix: String, grace: TimeInterval, now: Date = Date()) throws(Failure) -> IssuedKey? {
        guard let old = try list().first(where: { $0.prefix == prefix && $0.revokedAt == nil }) else { return nil }
        let lifetime = old.expiresAt.map { $0.timeIntervalSince(old.createdAt) }
        let issued = try issue(name: old.name, scope: old.scope, expiresIn: lifetime, lineage: old.lineage, now: now)
        defer { noteKeyChange() }
        try write { db in
            try db.execute(
                sql: "UPDATE key SET retiresAt = ? WHERE prefix = ?",
                arguments: [now.addingTimeInterval(grace).timeIntervalSince1970, prefix])
        }
        return issued
    }

    /// Checks a presented key: format, then the stored hash in constant time, then revocation, expiry and
    /// rotation. Unknown prefixes and wrong secrets are one answer, so a caller learns nothing about which.
    public func authenticate(_ presented: String, now: Date = Date()) throws(Failure) -> Result<APIKeyRecord, APIKeyRejection> {
        guard let parsed = KeyMaterial.parse(presented) else { return .failure(APIKeyRejection(code: .malformed)) }
        let stored = try read { db in try Row.fetchOne(db, sql: "SELECT * FROM key WHERE prefix = ?", arguments: [parsed.prefix]) }
        guard let stored else { return .failure(APIKeyRejection(code: .unknown)) }
        let salt: Data = stored["salt"]
        let digest: Data = stored["digest"]
        guard KeyMaterial.matches(secret: parsed.secret, salt: Array(salt), pepper: pepper, storedDigest: Array(digest)) else {
            return .failure(APIKeyRejection(code: .unknown))
        }
        let record: APIKeyRecord
        do { record = try Self.record(stored) } catch {
            throw Failure(.unreadable, "the key store holds an unreadable scope for \(parsed.prefix)")
        }
        if let rejection = record.rejection(at: now) { return .failure(rejection) }
        if record.lastUsedAt.map({ now.timeIntervalSince($0) >= Self.lastUsedResolution }) ?? true {
            try write { db in
                try db.execute(
                    sql: "UPDATE key SET lastUsedAt = ? WHERE prefix = ?", arguments: [now.timeIntervalSince1970, record.prefix])
            }
        }
        return .success(record)
    }

    /// Where the key table stands: a value that differs from an earlier one whenever a key may have changed since,
    /// written by this store or by any other connection to the file (`bulwark keys`, another process). What a
    /// memory of authenticated keys compares to know it must forget them. It changes on other writes too (usage,
    /// suspensions by other processes); it never stays the same across a key change.
    package func keyChangeMark() throws(Failure) -> KeyChangeMark {
        // `data_version` changes when another connection commits; this connection's own commits are counted apart.
        let version = try read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        return KeyChangeMark(dataVersion: version, ownChanges: ownKeyChanges.load(ordering: .acquiring))
    }

    /// Called after (and whether or not) a key change committed, so a memory that read the mark before it forgets.
    private func noteKeyChange() {
        ownKeyChanges.wrappingAdd(1, ordering: .releasing)
    }

    /// True when the store answers a trivial query: what `/readyz` asks.
    public func isReadable() -> Bool {
        (try? database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    // MARK: - Rows

    /// Every key gets a lineage. Keys stored before lineages existed each start their own, named by their prefix:
    /// the owner already recorded for their objects, so those stay theirs with no rewrite.
    private static func registerLineage(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-key-lineage") { db in
            try db.alter(table: "key") { table in table.add(column: "lineage", .text) }
            try db.execute(sql: "UPDATE key SET lineage = prefix WHERE lineage IS NULL")
        }
    }

    private static func record(_ row: Row) throws -> APIKeyRecord {
        func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let scopeText: String = row["scope"]
        return APIKeyRecord(
            prefix: row["prefix"], name: row["name"], scope: try JSONDecoder().decode(APIKeyScope.self, from: Data(scopeText.utf8)),
            createdAt: date("createdAt") ?? Date(timeIntervalSince1970: 0), expiresAt: date("expiresAt"),
            lastUsedAt: date("lastUsedAt"), revokedAt: date("revokedAt"), retiresAt: date("retiresAt"), lineage: row["lineage"]
        )
    }

    /// A scope as both stores keep it: JSON with sorted keys.
    package static func encode(_ scope: APIKeyScope) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(scope), as: UTF8.self)
    }

    func read<T>(_ body: (Database) throws -> T) throws(Failure) -> T {
        do { return try database.read(body) } catch {
            throw Failure(description: "cannot read the key store: \(error.localizedDescription)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(Failure) -> T {
        do { return try database.write(body) } catch {
            throw Failure(description: "cannot write the key store: \(error.localizedDescription)")
        }
    }
}

/// See ``APIKeyStore/keyChangeMark()``.
package struct KeyChangeMark: Sendable, Hashable {
    var dataVersion: Int64
    var ownChanges: UInt64
}
