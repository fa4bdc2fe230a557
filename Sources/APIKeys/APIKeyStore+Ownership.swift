import Foundation
import GRDB

/// Who owns each object created through the gateway, in the key store's SQLite file.
extension APIKeyStore: ObjectOwnershipStore {
    static func registerOwnership(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-owned-objects") { db in
            try db.create(table: "owned_object") { table in
                table.column("kind", .text).notNull()
                table.column("id", .text).notNull()
                table.column("owner", .text).notNull()
                table.column("upstream", .text).notNull()
                table.column("deployment", .text).notNull()
                table.column("createdAt", .double).notNull()
                table.primaryKey(["kind", "id"])
            }
            try db.create(index: "owned_object_owner", on: "owned_object", columns: ["owner", "kind", "createdAt"])
        }
    }

    public func recordOwner(_ object: OwnedObject) throws(Failure) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO owned_object (kind, id, owner, upstream, deployment, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (kind, id) DO NOTHING
                    """,
                arguments: [
                    object.kind.rawValue, object.id, object.owner, object.upstream, object.deployment,
                    object.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func object(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) throws(Failure) -> OwnedObject? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM owned_object WHERE kind = ? AND id = ? AND owner = ?", arguments: [kind.rawValue, id, owner]
            ).flatMap(Self.ownedObject)
        }
    }

    public func objects(_ kind: OwnedObject.Kind, ownedBy owner: String) throws(Failure) -> [OwnedObject] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM owned_object WHERE kind = ? AND owner = ? ORDER BY createdAt, id",
                arguments: [kind.rawValue, owner]
            ).compactMap(Self.ownedObject)
        }
    }

    @discardableResult
    public func forget(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) throws(Failure) -> Bool {
        try write { db in
            try db.execute(
                sql: "DELETE FROM owned_object WHERE kind = ? AND id = ? AND owner = ?", arguments: [kind.rawValue, id, owner])
            return db.changesCount > 0
        }
    }

    private static func ownedObject(_ row: Row) -> OwnedObject? {
        guard let kind = OwnedObject.Kind(rawValue: row["kind"]) else { return nil }
        return OwnedObject(
            kind: kind, id: row["id"], owner: row["owner"], upstream: row["upstream"], deployment: row["deployment"],
            createdAt: Date(timeIntervalSince1970: row["createdAt"]))
    }
}
