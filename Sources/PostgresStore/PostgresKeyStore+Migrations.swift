public import APIKeys
import PostgresNIO

/// The schema, as numbered steps applied once each: the same tables as the SQLite store (keys with salted hashes
/// and prefixes, scopes as JSON, suspensions), the usage ledger, and who owns each object created through the gateway.
///
/// ``migrate()`` runs in one transaction holding a transaction-level advisory lock, so replicas starting at once
/// apply each step exactly once: the others wait for the lock, then find the steps recorded and do nothing.
extension PostgresKeyStore {
    /// The advisory lock's key (`bwk` in ASCII), shared by every Bulwark replica.
    static let migrationLock: Int64 = 0x62_77_6b

    static let migrations: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE "key" (prefix text PRIMARY KEY, name text NOT NULL, salt bytea NOT NULL, digest bytea NOT NULL,
                scope text NOT NULL, created_at timestamptz NOT NULL, expires_at timestamptz, last_used_at timestamptz,
                revoked_at timestamptz, retires_at timestamptz)
                """,
                """
                CREATE TABLE suspension (identity text PRIMARY KEY, until timestamptz NOT NULL, reason text NOT NULL,
                created_at timestamptz NOT NULL)
                """,
            ]
        ),
        (
            2,
            [
                """
                CREATE TABLE usage (request_id text PRIMARY KEY, time timestamptz NOT NULL, identity text NOT NULL, key_prefix text,
                policy text NOT NULL, deployment text NOT NULL, prompt_tokens bigint NOT NULL, completion_tokens bigint NOT NULL,
                micro_usd bigint NOT NULL, status integer NOT NULL)
                """,
                "CREATE INDEX usage_time ON usage (time)",
            ]
        ),
        (
            3,
            [
                """
                CREATE TABLE owned_object (kind text NOT NULL, id text NOT NULL, owner text NOT NULL, upstream text NOT NULL,
                deployment text NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (kind, id))
                """,
                "CREATE INDEX owned_object_owner ON owned_object (owner, kind, created_at)",
            ]
        ),
        (
            // Every key gets a lineage, kept by `keys rotate`; existing keys each start their own, named by their
            // prefix: the owner already recorded for their objects. Nullable so a replica not yet upgraded can still
            // create keys during a rolling upgrade; a null lineage reads as the key's own prefix.
            4,
            [
                #"ALTER TABLE "key" ADD COLUMN lineage text"#,
                #"UPDATE "key" SET lineage = prefix WHERE lineage IS NULL"#,
            ]
        ),
    ]

    /// Applies the steps this database has not seen. Safe to call from every replica at once, and again.
    /// - Throws: ``KeyStoreError`` when the database cannot be reached or a step fails.
    public func migrate() async throws(KeyStoreError) {
        // Longer than a lookup's limit: replicas starting together wait for each other's lock.
        try await database("migrate the key store's schema", timeout: max(options.timeout, .seconds(30))) { client in
            try await client.withTransaction(logger: Self.quiet) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: Self.quiet)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS bulwark_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: Self.quiet)
                var applied = Set<Int>()
                for try await version in try await connection.query("SELECT version FROM bulwark_schema", logger: Self.quiet).decode(
                    Int.self)
                {
                    applied.insert(version)
                }
                for migration in Self.migrations where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.quiet)
                    }
                    try await connection.query("INSERT INTO bulwark_schema (version) VALUES (\(migration.version))", logger: Self.quiet)
                }
            }
        }
    }
}
