import APIKeys
import Foundation

/// An ownership store whose calls block (SQLite), each call run on ``BlockingIO``'s pool like ``BlockingKeyStore``.
struct BlockingOwnershipStore: ObjectOwnershipStore {
    let base: any ObjectOwnershipStore
    let io: BlockingIO

    /// `store` itself when it does not block, else `store` behind the blocking pool.
    static func wrapping(_ store: any ObjectOwnershipStore, io: BlockingIO) -> any ObjectOwnershipStore {
        store.performsBlockingIO ? BlockingOwnershipStore(base: store, io: io) : store
    }

    var performsBlockingIO: Bool { false }

    func recordOwner(_ object: OwnedObject) async throws(KeyStoreError) {
        try await io.run { () async throws(KeyStoreError) in try await base.recordOwner(object) }
    }

    func object(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> OwnedObject? {
        try await io.run { () async throws(KeyStoreError) in try await base.object(kind, id: id, ownedBy: owner) }
    }

    func objects(_ kind: OwnedObject.Kind, ownedBy owner: String) async throws(KeyStoreError) -> [OwnedObject] {
        try await io.run { () async throws(KeyStoreError) in try await base.objects(kind, ownedBy: owner) }
    }

    func forget(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> Bool {
        try await io.run { () async throws(KeyStoreError) in try await base.forget(kind, id: id, ownedBy: owner) }
    }
}
