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
