import APIKeys
import Foundation
import PostgresNIO
import PostgresStore
import Testing

@Suite("PostgreSQL key lineages", .enabled(if: serverURL != nil))
struct PostgresKeyLineageTests {
    let scope = APIKeyScope(deployments: ["gpt-4o"])

    @Test("upgrading a database from before lineages (schema 3): each key is its own lineage and its objects stay readable by it")
    func upgrade() async throws {
        let database = try await TestDatabase.create()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let old = try await database.store().withRunning { store in
            let old = try await store.create(name: "old", scope: scope, expiresIn: nil, now: now)
            try await store.recordOwner(
                OwnedObject(kind: .response, id: "resp_old", owner: old.record.prefix, upstream: "eu", createdAt: now))
            return old
        }
        // Back to schema 3: no lineage column, and step 4 not yet applied.
        try await TestDatabase.admin(database.location) { connection in
            try await connection.query(#"ALTER TABLE "key" DROP COLUMN lineage"#, logger: TestDatabase.quiet)
            try await connection.query("DELETE FROM bulwark_schema WHERE version = 4", logger: TestDatabase.quiet)
        }
        try await database.store().withRunning { store in
            let record = try await store.authenticate(old.secret, now: now).get()
            #expect(record.lineage == old.record.prefix)
            #expect(try await store.object(.response, id: "resp_old", ownedBy: record.lineage) != nil)
            let rotated = try #require(try await store.rotate(prefix: old.record.prefix, grace: 60, now: now))
            let next = try await store.authenticate(rotated.secret, now: now).get()
            #expect(next.lineage == old.record.prefix)
            #expect(try await store.objects(.response, ownedBy: next.lineage).map(\.id) == ["resp_old"])
        }
    }
}
