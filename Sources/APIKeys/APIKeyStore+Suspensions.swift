public import Foundation
import GRDB

/// A caller suspended by abuse monitoring: a key prefix or a token subject (`entra:…`), until a time.
public struct Suspension: Sendable, Hashable {
    public var identity: String
    public var until: Date
    /// Why: the abuse score and the guard verdicts that raised it. Never a prompt or a secret.
    public var reason: String
    public var createdAt: Date

    public init(identity: String, until: Date, reason: String, createdAt: Date) {
        self.identity = identity
        self.until = until
        self.reason = reason
        self.createdAt = createdAt
    }
}

extension APIKeyStore {
    static func registerSuspensions(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-suspensions") { db in
            try db.create(table: "suspension") { table in
                table.primaryKey("identity", .text)
                table.column("until", .double).notNull()
                table.column("reason", .text).notNull()
                table.column("createdAt", .double).notNull()
            }
        }
    }

    /// Suspends `identity` until `until` (replacing an earlier suspension).
    public func suspend(_ identity: String, until: Date, reason: String, now: Date = Date()) throws(Failure) {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO suspension (identity, until, reason, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [identity, until.timeIntervalSince1970, reason, now.timeIntervalSince1970])
        }
    }

    /// The suspension in force for `identity` at `now`, if any.
    public func suspension(for identity: String, now: Date = Date()) throws(Failure) -> Suspension? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM suspension WHERE identity = ? AND until > ?", arguments: [identity, now.timeIntervalSince1970]
            )
            .map(Self.suspension)
        }
    }

    public func suspensions(now: Date = Date()) throws(Failure) -> [Suspension] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM suspension WHERE until > ? ORDER BY until", arguments: [now.timeIntervalSince1970])
                .map(Self.suspension)
        }
    }

    /// Lifts a suspension. Returns false when `identity` was not suspended.
    @discardableResult
    public func unsuspend(_ identity: String, now: Date = Date()) throws(Failure) -> Bool {
        try write { db in
            try db.execute(
                sql: "DELETE FROM suspension WHERE identity = ? AND until > ?", arguments: [identity, now.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    private static func suspension(_ row: Row) -> Suspension {
        Suspension(
            identity: row["identity"], until: Date(timeIntervalSince1970: row["until"]), reason: row["reason"],
            createdAt: Date(timeIntervalSince1970: row["createdAt"]))
    }
}
