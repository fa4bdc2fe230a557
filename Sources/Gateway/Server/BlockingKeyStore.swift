import APIKeys
import Foundation
import RateLimits

/// A key store whose calls block their thread (SQLite), with each call run on ``BlockingIO``'s pool so no event
/// loop waits on the disk. Stores that do not block (PostgreSQL, on SwiftNIO) are used as they are.
struct BlockingKeyStore: KeyStore {
    let base: any KeyStore
    let io: BlockingIO

    /// `store` itself when it does not block, else `store` behind the blocking pool; SQLite's with its accepted keys
    /// remembered in front (``RememberingKeyStore``, whose watcher the application runs as a service).
    static func wrapping(_ store: any KeyStore, io: BlockingIO) -> any KeyStore {
        guard store.performsBlockingIO else { return store }
        let blocking = BlockingKeyStore(base: store, io: io)
        guard let sqlite = store as? APIKeyStore else { return blocking }
        return RememberingKeyStore(base: blocking, watcher: KeyChangeWatcher(store: sqlite, io: io, memory: KeyMemory()))
    }

    var performsBlockingIO: Bool { false }

    func create(name: String, scope: APIKeyScope, expiresIn: TimeInterval?, now: Date) async throws(KeyStoreError) -> IssuedKey {
        try await io.run { () async throws(KeyStoreError) in try await base.create(name: name, scope: scope, expiresIn: expiresIn, now: now)
        }
    }

    func list() async throws(KeyStoreError) -> [APIKeyRecord] {
        try await io.run { () async throws(KeyStoreError) in try await base.list() }
    }

    func revoke(prefix: String, now: Date) async throws(KeyStoreError) -> Bool {
        try await io.run { () async throws(KeyStoreError) in try await base.revoke(prefix: prefix, now: now) }
    }

    func rotate(prefix: String, grace: TimeInterval, now: Date) async throws(KeyStoreError) -> IssuedKey? {
        try await io.run { () async throws(KeyStoreError) in try await base.rotate(prefix: prefix, grace: grace, now: now) }
    }

    func updateLimits(prefix: String, limits: [String]) async throws(KeyStoreError) -> Bool {
        try await io.run { () async throws(KeyStoreError) in try await base.updateLimits(prefix: prefix, limits: limits) }
    }

    func authenticate(_ presented: String, now: Date) async throws(KeyStoreError) -> Result<APIKeyRecord, APIKeyRejection> {
        try await io.run { () async throws(KeyStoreError) in try await base.authenticate(presented, now: now) }
    }

    func suspend(_ identity: String, until: Date, reason: String, now: Date) async throws(KeyStoreError) {
        try await io.run { () async throws(KeyStoreError) in try await base.suspend(identity, until: until, reason: reason, now: now) }
    }

    func suspension(for identity: String, now: Date) async throws(KeyStoreError) -> Suspension? {
        try await io.run { () async throws(KeyStoreError) in try await base.suspension(for: identity, now: now) }
    }

    func suspensions(now: Date) async throws(KeyStoreError) -> [Suspension] {
        try await io.run { () async throws(KeyStoreError) in try await base.suspensions(now: now) }
    }

    func unsuspend(_ identity: String, now: Date) async throws(KeyStoreError) -> Bool {
        try await io.run { () async throws(KeyStoreError) in try await base.unsuspend(identity, now: now) }
    }

    func isReadable() async -> Bool {
        await io.run { await base.isReadable() }
    }
}

/// A usage ledger in SQLite, run on ``BlockingIO``'s pool like ``BlockingKeyStore``.
struct BlockingUsageLedger: UsageLedger {
    let base: any UsageLedger
    let io: BlockingIO

    func record(_ records: [UsageRecord]) async throws(UsageLedgerError) {
        try await io.run { () async throws(UsageLedgerError) in try await base.record(records) }
    }

    func totals(since: Date) async throws(UsageLedgerError) -> [UsageTotal] {
        try await io.run { () async throws(UsageLedgerError) in try await base.totals(since: since) }
    }
}
