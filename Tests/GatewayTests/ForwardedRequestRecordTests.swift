@testable import Gateway
import Synchronization
import Testing

@Suite("Forwarded request records")
struct ForwardedRequestRecordTests {
    @Test("finishing twice writes one record, with the first outcome and usage")
    func once() async {
        let written = Mutex<[String]>([])
        let recorder = ForwardedRequestRecord(deferred: DeferredWork()) { outcome, relayed in
            written.withLock { $0.append("\(outcome.label):\(relayed?.usage?.total ?? -1)") }
        }
        await recorder.finish(.allowed, relayed: .init(usage: TokenUsage(prompt: 1, completion: 2, total: 3)))
        await recorder.finish(.streamInterrupted, relayed: nil)
        #expect(written.withLock { $0 } == ["allowed:3"])
    }

    @Test("a recorder released unfinished still writes its record, as client_disconnected, through the deferred-work queue")
    func releasedUnfinished() async {
        let outcomes = AsyncStream<String>.makeStream()
        let deferred = DeferredWork()
        do {
            _ = ForwardedRequestRecord(deferred: deferred) { outcome, _ in outcomes.continuation.yield(outcome.label) }
        }
        // The write was queued for the service that drains deferred work; run it.
        let draining = Task { await deferred.run() }
        defer { draining.cancel() }
        // Wait for the record, but never hang the suite if it is not written.
        let outcome = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                var iterator = outcomes.stream.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(outcome == "client_disconnected")
    }
}
