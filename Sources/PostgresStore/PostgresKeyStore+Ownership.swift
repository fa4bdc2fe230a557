public import APIKeys
import Foundation
import PostgresNIO

/// Who owns each object created through the gateway, shared by replicas. Never cached: an object's owner is read
/// where it is written, so a replica never serves an object another replica has just recorded for someone else.
extension PostgresKeyStore: ObjectOwnershipStore {
    /// PostgreSQL runs on SwiftNIO: nothing blocks.
    public var performsBlockingIO: Bool { false }

    public func recordOwner(_ object: OwnedObject) async throws(KeyStoreError) {
        let kind = object.kind.rawValue, id = object.id, owner = object.owner, upstream = object.upstream
        let deployment = object.deployment, created = object.createdAt
        _ = try await database("record an object's owner") { client in
            try await client.query(
                """
                INSERT INTO owned_object (kind, id, owner, upstream, deployment, created_at)
                VALUES (\(kind), \(id), \(owner), \(upstream), \(deployment), \(created)) ON CONFLICT (kind, id) DO NOTHING
                """, logger: Self.quiet
            ).collect().count
        }
    }

    public func object(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> OwnedObject? {
        let rawKind = kind.rawValue
        return try await database("read an object's owner") { client in
            try await client.query(
                """
                SELECT kind, id, owner, upstream, deployment, created_at FROM owned_object
                WHERE kind = \(rawKind) AND id = \(id) AND owner = \(owner)
                """, logger: Self.quiet
            ).collect().first.flatMap(Self.ownedObject)
        }
    }

    public func objects(_ kind: OwnedObject.Kind, ownedBy owner: String) async throws(KeyStoreError) -> [OwnedObject] {
        let rawKind = kind.rawValue
        return try await database("read an owner's objects") { client in
            try await client.query(
                """
                SELECT kind, id, owner, upstream, deployment, created_at FROM owned_object
                WHERE kind = \(rawKind) AND owner = \(owner) ORDER BY created_at, id
                """, logger: Self.quiet
            ).collect().compactMap(Self.ownedObject)
        }
    }

    @discardableResult
    public func forget(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> Bool {
        let rawKind = kind.rawValue
        return try await database("forget an object") { client in
            try await client.query(
                "DELETE FROM owned_object WHERE kind = \(rawKind) AND id = \(id) AND owner = \(owner) RETURNING id", logger: Self.quiet
            ).collect().count > 0
        }
    }

    static func ownedObject(_ row: PostgresRow) throws -> OwnedObject? {
        let (kind, id, owner, upstream, deployment, created) = try row.decode((String, String, String, String, String, Date).self)
        guard let kind = OwnedObject.Kind(rawValue: kind) else { return nil }
        return OwnedObject(kind: kind, id: id, owner: owner, upstream: upstream, deployment: deployment, createdAt: created)
    }
}
