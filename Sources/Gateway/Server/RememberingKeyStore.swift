import APIKeys
import Foundation

/// The SQLite key store with ``KeyMemory`` in front of `authenticate`: a key accepted recently is accepted again
/// from memory (its expiry and rotation judged at the request's time) while the memory is trusted; anything else
/// is the store's answer, through ``BlockingKeyStore``. Changes made through this store empty the memory at once.
struct RememberingKeyStore: KeyStore {
    let base: any KeyStore
    /// Keeps ``memory`` fresh: run as one of the application's services.
    let watcher: KeyChangeWatcher
    var memory: KeyMemory { watcher.memory }

    var performsBlockingIO: Bool { base.performsBlockingIO }

    func authenticate(_ presented: String, now: Date) async throws(KeyStoreError) -> Result<APIKeyRecord, APIKeyRejection> {
        let digest = KeyMemory.digest(of: presented)
        switch memory.lookup(digest, now: now) {
        case .hit(let record): return .success(record)
        case .miss(let epoch):
            let result = try await base.authenticate(presented, now: now)
            if case .success(let record) = result { memory.offer(record, for: digest, epoch: epoch, now: now) }
            return result
        }
    }

    func create(name: String, scope: APIKeyScope, expiresIn: TimeInterval?, now: Date) async throws(KeyStoreError) -> IssuedKey {
        try await base.create(name: name, scope: scope, expiresIn: expiresIn, now: now)
    }

    func list() async throws(KeyStoreError) -> [APIKeyRecord] {
        try await base.list()
    }

    func revoke(prefix: String, now: Date) async throws(KeyStoreError) -> Bool {
        defer { memory.forget() }
        return try await base.revoke(prefix: prefix, now: now)
    }

    func rotate(prefix: String, grace: TimeInterval, now: Date) async throws(KeyStoreError) -> IssuedKey? {
        defer { memory.forget() }
        return try await base.rotate(prefix: prefix, grace: grace, now: now)
    }

    func updateLimits(prefix: String, limits: [String]) async throws(KeyStoreError) -> Bool {
        defer { memory.forget() }
        return try await base.updateLimits(prefix: prefix, limits: limits)
    }

    func suspend(_ identity: String, until: Date, reason: String, now: Date) async throws(KeyStoreError) {
        try await base.suspend(identity, until: until, reason: reason, now: now)
    }

    func suspension(for identity: String, now: Date) async throws(KeyStoreError) -> Suspension? {
        try await base.suspension(for: identity, now: now)
    }

    func suspensions(now: Date) async throws(KeyStoreError) -> [Suspension] {
        try await base.suspensions(now: now)
    }

    func unsuspend(_ identity: String, now: Date) async throws(KeyStoreError) -> Bool {
        try await base.unsuspend(identity, now: now)
    }

    func isReadable() async -> Bool {
        await base.isReadable()
    }
}
