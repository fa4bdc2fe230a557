import LiveCollection
import Synchronization
import Testing

@Suite("The limiter that bounds a collection's requests")
struct AsyncLimiterTests {
    @Test("no more than the limit run at once, and every one runs")
    func bounds() async {
        let limiter = AsyncLimiter(limit: 3)
        let running = Box()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    await limiter.run {
                        running.counts.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        try? await Task.sleep(for: .milliseconds(2))
                        running.counts.withLock {
                            $0.now -= 1
                            $0.done += 1
                        }
                    }
                }
            }
        }
        let counts = running.counts.withLock { $0 }
        #expect(counts.most <= 3 && counts.most >= 1)
        #expect(counts.done == 40)
    }
}

private final class Box: Sendable {
    let counts = Mutex((now: 0, most: 0, done: 0))
}
