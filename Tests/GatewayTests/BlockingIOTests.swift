import APIKeys
import Foundation
@testable import Gateway
import Testing

@Suite("Blocking work off the event loops")
struct BlockingIOTests {
    @Test("work run through BlockingIO runs on NIO's blocking thread pool and returns its result")
    func runsOnThePool() async throws {
        let thread = await BlockingIO.shared.run { BlockingIOTests.currentThreadName() }
        #expect(thread.contains("TP-#"), "ran on \(thread)")  // NIO names its singleton pool's threads SGLTN-TP-#n
    }

    /// The thread's name, read synchronously (as the blocking work itself runs).
    static func currentThreadName() -> String {
        Thread.current.name ?? ""
    }

    @Test("a typed error thrown on the pool reaches the caller as itself")
    func typedErrors() async {
        struct Refused: Error, Equatable {}
        await #expect(throws: Refused()) {
            try await BlockingIO.shared.run { () throws(Refused) in throw Refused() }
        }
    }
}

@Suite("Key stores that block")
struct BlockingKeyStoreTests {
    @Test("a store that says it blocks (SQLite) is wrapped to run on the blocking pool and still works; the wrapper is not wrapped again")
    func wrapping() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-blocking-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = try APIKeyStore(location: folder.path)
        let wrapped = BlockingKeyStore.wrapping(sqlite, io: .shared)
        #expect((wrapped as? RememberingKeyStore)?.base is BlockingKeyStore, "SQLite's accepted keys are remembered in front")
        #expect(!wrapped.performsBlockingIO)
        let issued = try await wrapped.create(name: "k", scope: APIKeyScope(deployments: ["*"]), expiresIn: nil, now: Date())
        #expect((try? await wrapped.authenticate(issued.secret, now: Date()).get()) != nil)
        #expect(await wrapped.isReadable())
        let again = BlockingKeyStore.wrapping(wrapped, io: .shared)
        #expect(
            ((again as? RememberingKeyStore)?.base as? BlockingKeyStore)?.base is APIKeyStore,
            "not wrapped twice: the wrapper does not block")
    }
}
