import APIKeys
import Foundation
import GatewayTesting
import PostgresStore
import Testing

/// What every ownership store must do, SQLite and PostgreSQL alike.
func checkOwnershipContract(_ store: any ObjectOwnershipStore) async throws {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let a = "bwk_aaaaaaaaaaaa", b = "entra:0000-b"
    try await store.recordOwner(OwnedObject(kind: .response, id: "resp_1", owner: a, upstream: "eu", deployment: "gpt-4o", createdAt: now))
    try await store.recordOwner(OwnedObject(kind: .file, id: "file-1", owner: a, upstream: "eu", createdAt: now))
    try await store.recordOwner(OwnedObject(kind: .file, id: "file-2", owner: b, upstream: "us", createdAt: now.addingTimeInterval(1)))
    try await store.recordOwner(OwnedObject(kind: .file, id: "file-0", owner: a, upstream: "us", createdAt: now.addingTimeInterval(2)))
    // Recording an id again never changes its owner.
    try await store.recordOwner(OwnedObject(kind: .response, id: "resp_1", owner: b, upstream: "us", createdAt: now))

    let found = try #require(try await store.object(.response, id: "resp_1", ownedBy: a))
    #expect(found == OwnedObject(kind: .response, id: "resp_1", owner: a, upstream: "eu", deployment: "gpt-4o", createdAt: now))
    #expect(try await store.object(.response, id: "resp_1", ownedBy: b) == nil, "another identity's object is not found")
    #expect(try await store.object(.file, id: "resp_1", ownedBy: a) == nil, "kinds are apart")
    #expect(try await store.object(.response, id: "resp_2", ownedBy: a) == nil)
    #expect(try await store.objects(.file, ownedBy: a).map(\.id) == ["file-1", "file-0"], "oldest first")
    #expect(try await store.objects(.file, ownedBy: b).map(\.upstream) == ["us"])
    #expect(try await store.objects(.batch, ownedBy: a).isEmpty)
    #expect(try await !store.forget(.file, id: "file-1", ownedBy: b), "only the owner forgets")
    #expect(try await store.forget(.file, id: "file-1", ownedBy: a))
    #expect(try await store.objects(.file, ownedBy: a).map(\.id) == ["file-0"])
}

private let postgresURL = ProcessInfo.processInfo.environment["BULWARK_POSTGRES_URL"]

@Suite("Ownership of stored objects")
struct OwnershipStoreTests {
    @Test("SQLite: owners are recorded once, read only by their owner, listed oldest first, forgotten by their owner")
    func sqlite() async throws {
        let folder = try TemporaryFolder("ownership")
        defer { folder.remove() }
        try await checkOwnershipContract(try APIKeyStore(location: folder.path("keys.db")))
    }

    @Test(
        "PostgreSQL: the same contract, on the key store's database (Scripts/postgres-for-tests.sh start)",
        .enabled(if: postgresURL != nil, "BULWARK_POSTGRES_URL is not set: no PostgreSQL to test against"))
    func postgres() async throws {
        let url = try #require(postgresURL)
        let environment = ["PGPASSWORD": ProcessInfo.processInfo.environment["BULWARK_POSTGRES_PASSWORD"] ?? ""]
        let opened = try KeyStores.open(url, pepper: nil, environment: environment, options: PostgresGatewayFixture.patientOptions)
        let service = try #require(opened.service)
        try await opened.withRunning { _ in
            // A fresh identity pair per run: the test server's database is shared between runs.
            try await checkOwnershipContract(PrefixedOwnership(base: service, prefix: UUID().uuidString))
        }
    }
}

/// Keeps one run's ids and owners apart from another's on a shared database.
private struct PrefixedOwnership: ObjectOwnershipStore {
    let base: any ObjectOwnershipStore
    let prefix: String
    var performsBlockingIO: Bool { false }

    private func tagged(_ object: OwnedObject) -> OwnedObject {
        var object = object
        object.id = prefix + object.id
        object.owner = prefix + object.owner
        return object
    }

    private func untagged(_ object: OwnedObject) -> OwnedObject {
        var object = object
        object.id.removeFirst(prefix.count)
        object.owner.removeFirst(prefix.count)
        return object
    }

    func recordOwner(_ object: OwnedObject) async throws(KeyStoreError) { try await base.recordOwner(tagged(object)) }

    func object(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> OwnedObject? {
        try await base.object(kind, id: prefix + id, ownedBy: prefix + owner).map(untagged)
    }

    func objects(_ kind: OwnedObject.Kind, ownedBy owner: String) async throws(KeyStoreError) -> [OwnedObject] {
        try await base.objects(kind, ownedBy: prefix + owner).map(untagged)
    }

    func forget(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> Bool {
        try await base.forget(kind, id: prefix + id, ownedBy: prefix + owner)
    }
}
