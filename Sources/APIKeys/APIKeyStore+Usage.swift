public import Foundation
import GRDB
public import RateLimits

/// The usage ledger in the key store's SQLite file: one row per settled request, keyed by its request id, so
/// recording a request twice changes nothing. Times are seconds since 1970, as the key table keeps them.
extension APIKeyStore: UsageLedger {
    static func registerUsage(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-usage") { db in
            try db.create(table: "usage") { table in
                table.primaryKey("requestID", .text)
                table.column("time", .double).notNull()
                table.column("identity", .text).notNull()
                table.column("keyPrefix", .text)
                table.column("policy", .text).notNull()
                table.column("deployment", .text).notNull()
                table.column("promptTokens", .integer).notNull()
                table.column("completionTokens", .integer).notNull()
                table.column("microUSD", .integer).notNull()
                table.column("status", .integer).notNull()
            }
            try db.create(index: "usage_time", on: "usage", columns: ["time"])
        }
    }

    /// Records one settled request; a request id already recorded changes nothing.
    public func record(_ record: UsageRecord) throws(UsageLedgerError) { try self.record([record]) }

    /// Records settled requests in one transaction; a request id already recorded changes nothing.
    public func record(_ records: [UsageRecord]) throws(UsageLedgerError) {
        guard !records.isEmpty else { return }
        do {
            try database.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO usage (requestID, time, identity, keyPrefix, policy, deployment, promptTokens, completionTokens,
                        microUSD, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (requestID) DO NOTHING
                        """)
                for record in records {
                    try statement.execute(arguments: [
                        record.requestID, record.time.timeIntervalSince1970, record.identity, record.keyPrefix, record.policy,
                        record.deployment, record.promptTokens, record.completionTokens, record.microUSD, record.status,
                    ])
                }
            }
        } catch {
            throw UsageLedgerError("cannot write the usage ledger: \(error.localizedDescription)")
        }
    }

    /// Usage at or after `since`, summed per identity, key, policy and deployment.
    public func totals(since: Date) throws(UsageLedgerError) -> [UsageTotal] {
        do {
            return try database.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT identity, keyPrefix, policy, deployment, COUNT(*) AS requests, SUM(promptTokens) AS promptTokens,
                        SUM(completionTokens) AS completionTokens, SUM(microUSD) AS microUSD
                        FROM usage WHERE time >= ? GROUP BY identity, keyPrefix, policy, deployment
                        ORDER BY identity, keyPrefix, policy, deployment
                        """,
                    arguments: [since.timeIntervalSince1970]
                )
                .map { row in
                    UsageTotal(
                        identity: row["identity"], keyPrefix: row["keyPrefix"], policy: row["policy"], deployment: row["deployment"],
                        requests: row["requests"], promptTokens: row["promptTokens"], completionTokens: row["completionTokens"],
                        microUSD: row["microUSD"])
                }
            }
        } catch {
            throw UsageLedgerError("cannot read the usage ledger: \(error.localizedDescription)")
        }
    }
}
