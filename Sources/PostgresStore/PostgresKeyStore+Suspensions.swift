public import APIKeys
public import Foundation
import PostgresNIO

/// Abuse suspensions, read from memory when this replica may trust it, as keys are.
extension PostgresKeyStore {
    public func suspend(_ identity: String, until: Date, reason: String, now: Date = Date()) async throws(KeyStoreError) {
        _ = try await change("record a suspension", notifying: { _ in ["s:\(identity)"] }) { connection in
            try await connection.query(
                """
                INSERT INTO suspension (identity, until, reason, created_at) VALUES (\(identity), \(until), \(reason), \(now))
                ON CONFLICT (identity) DO UPDATE SET until = EXCLUDED.until, reason = EXCLUDED.reason, created_at = EXCLUDED.created_at
                """, logger: Self.quiet
            ).collect().count
        }
    }

    public func suspension(for identity: String, now: Date = Date()) async throws(KeyStoreError) -> Suspension? {
        let stored: Suspension?
        switch cache.withLock({ $0.suspension(identity, at: .now) }) {
        case .hit(let suspension): stored = suspension
        case .miss(let epoch):
            // The row as stored, whether or not it is in force yet: memory judges it against each request's time.
            stored = try await database("read the suspensions") { client in
                try await client.query(
                    "SELECT identity, until, reason, created_at FROM suspension WHERE identity = \(identity)", logger: Self.quiet
                )
                .collect().first.map(Self.suspension)
            }
            cache.withLock { $0.offer(suspension: stored, for: identity, epoch: epoch, at: .now) }
        }
        guard let stored, stored.until > now else { return nil }
        return stored
    }

    public func suspensions(now: Date = Date()) async throws(KeyStoreError) -> [Suspension] {
        try await database("read the suspensions") { client in
            try await client.query(
                "SELECT identity, until, reason, created_at FROM suspension WHERE until > \(now) ORDER BY until", logger: Self.quiet
            )
            .collect().map(Self.suspension)
        }
    }

    @discardableResult
    public func unsuspend(_ identity: String, now: Date = Date()) async throws(KeyStoreError) -> Bool {
        try await change("lift a suspension", notifying: { $0 ? ["s:\(identity)"] : [] }) { connection in
            try await connection.query(
                "DELETE FROM suspension WHERE identity = \(identity) AND until > \(now) RETURNING identity", logger: Self.quiet
            )
            .collect().count > 0
        }
    }

    static func suspension(_ row: PostgresRow) throws -> Suspension {
        let (identity, until, reason, createdAt) = try row.decode((String, Date, String, Date).self)
        return Suspension(identity: identity, until: until, reason: reason, createdAt: createdAt)
    }
}
