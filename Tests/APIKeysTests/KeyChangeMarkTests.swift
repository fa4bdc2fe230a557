import Foundation
import Testing
@testable import APIKeys

@Suite("The SQLite key store's change mark")
struct KeyChangeMarkTests {
    let scope = APIKeyScope(deployments: ["gpt-4o"])

    @Test("the mark stays while nothing is written, and changes on every key change through this store or another connection")
    func changes() throws {
        let (store, path) = try APIKeyStoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let issued = try store.create(name: "k", scope: scope, expiresIn: nil)
        let first = try store.keyChangeMark()
        _ = try store.authenticate(issued.secret)
        _ = try store.list()
        #expect(try store.keyChangeMark() == first, "reads (and this store's lastUsedAt write) leave it")

        #expect(try store.updateLimits(prefix: issued.record.prefix, limits: ["requests=5/60s"]))
        let afterUpdate = try store.keyChangeMark()
        #expect(afterUpdate != first, "a change through this store's own connection")

        // `bulwark keys revoke` is another process: another connection to the same file.
        let other = try APIKeyStore(location: "sqlite:" + path)
        #expect(try other.revoke(prefix: issued.record.prefix))
        let afterRevoke = try store.keyChangeMark()
        #expect(afterRevoke != afterUpdate, "a change through another connection")

        _ = try other.rotate(prefix: try store.create(name: "r", scope: scope, expiresIn: nil).record.prefix, grace: 60)
        #expect(try store.keyChangeMark() != afterRevoke)
    }
}
