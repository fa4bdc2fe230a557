public import APIKeys
public import Foundation
import PostgresNIO

/// Keys: created, listed, revoked, rotated and limited in transactions that notify every replica; authenticated
/// from memory when this replica may trust it (``KeyCache``).
extension PostgresKeyStore {
    static let keyColumns = "prefix, name, salt, digest, scope, created_at, expires_at, last_used_at, revoked_at, retires_at, lineage"

    public func create(name: String, scope: APIKeyScope, expiresIn: TimeInterval?, now: Date = Date()) async throws(KeyStoreError)
        -> IssuedKey
    {
        let issued = try Self.issue(name: name, scope: scope, expiresIn: expiresIn, lineage: nil, now: now, pepper: pepper)
        try await change("create a key", notifying: { _ in ["k:\(issued.key.record.prefix)"] }) { connection in
            try await Self.insert(issued, on: connection)
        }
        return issued.key
    }

    public func list() async throws(KeyStoreError) -> [APIKeyRecord] {
        try await database("list keys") { client in
            var records: [APIKeyRecord] = []
            let rows = try await client.query("SELECT \(unescaped: Self.keyColumns) FROM \"key\" ORDER BY created_at, prefix")
            for try await row in rows { records.append(try Self.entry(row).record) }
            return records
        }
    }

    @discardableResult
    public func revoke(prefix: String, now: Date = Date()) async throws(KeyStoreError) -> Bool {
        try await change("revoke a key", notifying: { $0 ? ["k:\(prefix)"] : [] }) { connection in
            let rows = try await connection.query(
                "UPDATE \"key\" SET revoked_at = \(now) WHERE prefix = \(prefix) AND revoked_at IS NULL RETURNING prefix",
                logger: Self.quiet)
            return try await rows.collect().count > 0
        }
    }

    public func rotate(prefix: String, grace: TimeInterval, now: Date = Date()) async throws(KeyStoreError) -> IssuedKey? {
        let pepper = self.pepper
        return try await change("rotate a key", notifying: { $0.map { ["k:\(prefix)", "k:\($0.record.prefix)"] } ?? [] }) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.keyColumns) FROM \"key\" WHERE prefix = \(prefix) AND revoked_at IS NULL FOR UPDATE",
                logger: Self.quiet)
            guard let old = try await rows.collect().first.map(Self.entry)?.record else { return nil }
            let lifetime = old.expiresAt.map { $0.timeIntervalSince(old.createdAt) }
            let issued = try Self.issue(
                name: old.name, scope: old.scope, expiresIn: lifetime, lineage: old.lineage, now: now, pepper: pepper)
            try await Self.insert(issued, on: connection)
            try await connection.query(
                "UPDATE \"key\" SET retires_at = \(now.addingTimeInterval(grace)) WHERE prefix = \(prefix)", logger: Self.quiet)
            return issued.key
        }
    }

    @discardableResult
    public func updateLimits(prefix: String, limits: [String]) async throws(KeyStoreError) -> Bool {
        try await change("update a key's limits", notifying: { $0 ? ["k:\(prefix)"] : [] }) { connection in
            let rows = try await connection.query("SELECT scope FROM \"key\" WHERE prefix = \(prefix) FOR UPDATE", logger: Self.quiet)
            guard let text = try await rows.collect().first?.decode(String.self) else { return false }
            var scope = try JSONDecoder().decode(APIKeyScope.self, from: Data(text.utf8))
            scope.limits = limits
            try await connection.query(
                "UPDATE \"key\" SET scope = \(try APIKeyStore.encode(scope)) WHERE prefix = \(prefix)", logger: Self.quiet)
            return true
        }
    }

    public func authenticate(_ presented: String, now: Date = Date()) async throws(KeyStoreError) -> Result<APIKeyRecord, APIKeyRejection> {
        guard let parsed = KeyMaterial.parse(presented) else { return .failure(APIKeyRejection(code: .malformed)) }
        let prefix = parsed.prefix
        let stored: KeyCache.Entry?
        switch cache.withLock({ $0.key(prefix, at: .now) }) {
        case .hit(let entry): stored = entry
        case .miss(let epoch):
            stored = try await database("read the key store") { client in
                let rows = try await client.query(
                    "SELECT \(unescaped: Self.keyColumns) FROM \"key\" WHERE prefix = \(prefix)", logger: Self.quiet)
                return try await rows.collect().first.map(Self.entry)
            }
            cache.withLock { $0.offer(key: stored, for: prefix, epoch: epoch, at: .now) }
        }
        guard let stored,
            KeyMaterial.matches(secret: parsed.secret, salt: stored.salt, pepper: pepper, storedDigest: stored.digest)
        else { return .failure(APIKeyRejection(code: .unknown)) }
        if let rejection = stored.record.rejection(at: now) { return .failure(rejection) }
        let due = cache.withLock {
            $0.claimLastUsedWrite(prefix, stored: stored.record.lastUsedAt, now: now, resolution: APIKeyStore.lastUsedResolution)
        }
        if due { noteUse(of: prefix, at: now) }
        return .success(stored.record)
    }

    /// Writes `lastUsedAt` in the background: the request does not wait for it, and a failure only delays it.
    /// No notification: when a key was last used does not change what it may do.
    private func noteUse(of prefix: String, at now: Date) {
        Task { [self] in
            do {
                _ = try await database("record a key's last use") { client in
                    try await client.query("UPDATE \"key\" SET last_used_at = \(now) WHERE prefix = \(prefix)", logger: Self.quiet)
                        .collect().count
                }
            } catch {
                logger.debug("cannot record a key's last use", metadata: ["key.prefix": "\(prefix)", "error": "\(error)"])
            }
        }
    }

    // MARK: Rows

    /// A new key and what is stored of it.
    struct Issued: Sendable {
        var key: IssuedKey
        var salt: [UInt8]
        var digest: [UInt8]
        var scopeJSON: String
    }

    /// A new key in `lineage` (nil: its own).
    static func issue(
        name: String, scope: APIKeyScope, expiresIn: TimeInterval?, lineage: String?, now: Date, pepper: [UInt8]?
    ) throws(KeyStoreError) -> Issued {
        let material = KeyMaterial.generate()
        let salt = KeyMaterial.salt()
        let record = APIKeyRecord(
            prefix: material.prefix, name: name, scope: scope, createdAt: now, expiresAt: expiresIn.map { now.addingTimeInterval($0) },
            lineage: lineage)
        let scopeJSON: String
        do { scopeJSON = try APIKeyStore.encode(scope) } catch { throw KeyStoreError(.unreadable, "cannot encode the key's scope") }
        return Issued(
            key: IssuedKey(record: record, secret: material.secret), salt: salt,
            digest: KeyMaterial.digest(secret: material.secretBytes, salt: salt, pepper: pepper), scopeJSON: scopeJSON)
    }

    static func insert(_ issued: Issued, on connection: PostgresConnection) async throws {
        let record = issued.key.record
        try await connection.query(
            """
            INSERT INTO "key" (prefix, name, salt, digest, scope, created_at, expires_at, lineage)
            VALUES (\(record.prefix), \(record.name), \(Data(issued.salt)), \(Data(issued.digest)), \(issued.scopeJSON),
            \(record.createdAt), \(record.expiresAt), \(record.lineage))
            """, logger: quiet)
    }

    static func entry(_ row: PostgresRow) throws -> KeyCache.Entry {
        let (prefix, name, salt, digest, scope, createdAt, expiresAt, lastUsedAt, revokedAt, retiresAt, lineage) = try row.decode(
            (String, String, Data, Data, String, Date, Date?, Date?, Date?, Date?, String?).self)
        let decoded: APIKeyScope
        do { decoded = try JSONDecoder().decode(APIKeyScope.self, from: Data(scope.utf8)) } catch {
            throw KeyStoreError(.unreadable, "the key store holds an unreadable scope for \(prefix)")
        }
        return KeyCache.Entry(
            record: APIKeyRecord(
                prefix: prefix, name: name, scope: decoded, createdAt: createdAt, expiresAt: expiresAt, lastUsedAt: lastUsedAt,
                revokedAt: revokedAt, retiresAt: retiresAt, lineage: lineage),
            salt: Array(salt), digest: Array(digest))
    }
}
