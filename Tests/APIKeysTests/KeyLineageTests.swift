import Foundation
import GRDB
import Testing
@testable import APIKeys

@Suite("API key lineages in SQLite")
struct KeyLineageTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let scope = APIKeyScope(deployments: ["gpt-4o"])

    @Test("a created key starts its lineage; rotation keeps it, through revocation of the old key; a later key starts another")
    func lineage() throws {
        let (store, path) = try APIKeyStoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let a = try store.create(name: "a", scope: scope, expiresIn: nil, now: now)
        #expect(a.record.lineage == a.record.prefix)
        let b = try #require(try store.rotate(prefix: a.record.prefix, grace: 60, now: now))
        #expect(b.record.lineage == a.record.prefix && b.record.prefix != a.record.prefix)
        #expect(try store.revoke(prefix: a.record.prefix, now: now))
        #expect(try store.authenticate(b.secret, now: now).get().lineage == a.record.prefix, "revoking A leaves B in A's lineage")
        let d = try #require(try store.rotate(prefix: b.record.prefix, grace: 60, now: now))
        let c = try store.create(name: "a", scope: scope, expiresIn: nil, now: now)
        let lineages = Dictionary(uniqueKeysWithValues: try store.list().map { ($0.prefix, $0.lineage) })
        #expect(
            lineages == [
                a.record.prefix: a.record.prefix, b.record.prefix: a.record.prefix, d.record.prefix: a.record.prefix,
                c.record.prefix: c.record.prefix,
            ])
    }

    @Test("upgrading a store from before lineages: each key is its own lineage and its objects stay readable by it")
    func upgrade() throws {
        let (store, path) = try APIKeyStoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try store.create(name: "old", scope: scope, expiresIn: nil, now: now)
        try store.recordOwner(OwnedObject(kind: .response, id: "resp_old", owner: old.record.prefix, upstream: "eu", createdAt: now))
        // Back to the previous schema: no lineage column, and the migration that adds it not yet applied.
        try store.database.write { db in
            try db.execute(sql: "ALTER TABLE key DROP COLUMN lineage")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5-key-lineage'")
        }
        #expect(try store.database.read { db in try db.columns(in: "key").map(\.name) }.contains("lineage") == false)

        let upgraded = try APIKeyStore(location: "sqlite:" + path)
        let record = try upgraded.authenticate(old.secret, now: now).get()
        #expect(record.lineage == old.record.prefix)
        #expect(try upgraded.object(.response, id: "resp_old", ownedBy: record.lineage) != nil)
        let rotated = try #require(try upgraded.rotate(prefix: old.record.prefix, grace: 60, now: now))
        let next = try upgraded.authenticate(rotated.secret, now: now).get()
        #expect(try upgraded.objects(.response, ownedBy: next.lineage).map(\.id) == ["resp_old"])
    }
}
