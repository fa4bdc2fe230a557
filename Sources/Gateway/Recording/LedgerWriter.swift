import Logging
import RateLimits
import ServiceLifecycle
import Synchronization

/// Writes usage records to the ledger off the request's path, in batches: what has arrived since the last write goes
/// in one transaction, so the ledger keeps up with any request rate a SQLite file or a PostgreSQL server can take in
/// batches rather than one commit per request. A write that fails (the database restarting) is retried with backoff,
/// holding the records, so a short outage loses nothing; recording the same request again is a no-op in the ledger.
/// After each commit the writer waits `interval` (cut short by shutdown) before the next, so a steady trickle of
/// requests shares commits too: one request at a time had cost a transaction, its `fdatasync` and two thread
/// wake-ups each. Records wait at most about `interval` longer in memory than before, which a crash could lose like
/// any record still queued.
/// At most `capacity` records wait: beyond that, new ones are dropped with an error log rather than growing memory
/// without bound. A service in the gateway's `ServiceGroup`; on graceful shutdown it writes what is waiting (trying
/// for `shutdownGrace`) before it returns.
final class LedgerWriter: Service {
    private struct Queue {
        var records: [UsageRecord] = []
        var dropped = 0
        var shuttingDown = false
    }

    private let ledger: any UsageLedger
    private let logger: Logger
    private let capacity: Int
    private let batchSize: Int
    private let shutdownGrace: Duration
    private let interval: Duration
    private let queue = Mutex(Queue())
    private let (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    init(
        ledger: any UsageLedger, logger: Logger, capacity: Int = 100_000, batchSize: Int = 1_000, shutdownGrace: Duration = .seconds(10),
        interval: Duration = .milliseconds(50)
    ) {
        self.interval = interval
        self.ledger = ledger
        self.logger = logger
        self.capacity = capacity
        self.batchSize = batchSize
        self.shutdownGrace = shutdownGrace
    }

    /// Queues a record for the next batch.
    func record(_ record: UsageRecord) {
        let accepted = queue.withLock { queue in
            guard queue.records.count < capacity else {
                queue.dropped += 1
                return false
            }
            queue.records.append(record)
            return true
        }
        if accepted {
            wake.yield()
        } else {
            logger.error("usage record dropped: the ledger is behind", metadata: ["request.id": "\(record.requestID)"])
        }
    }

    /// Records waiting to be written.
    var waiting: Int { queue.withLock { $0.records.count } }

    /// Writes batches as records arrive, until graceful shutdown; then writes what is left.
    func run() async {
        await withGracefulShutdownHandler {
            for await _ in wakeUps {
                await writeWaiting(until: nil)
                let interval = self.interval
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        } onGracefulShutdown: {
            self.queue.withLock { $0.shuttingDown = true }
            self.wake.finish()
        }
        await writeWaiting(until: .now + shutdownGrace)
    }

    /// Writes every waiting record, batch by batch, retrying a failed batch with backoff (0.1 s doubling to 5 s) for
    /// as long as it takes, or until `deadline`; without one, until shutdown begins (the final call has one).
    private func writeWaiting(until deadline: ContinuousClock.Instant?) async {
        var delay = Duration.milliseconds(100)
        while deadline != nil || !queue.withLock({ $0.shuttingDown }) {
            let batch = queue.withLock { Array($0.records.prefix(batchSize)) }
            guard !batch.isEmpty else { return }
            do throws(UsageLedgerError) {
                try await ledger.record(batch)
                queue.withLock { $0.records.removeFirst(batch.count) }
                delay = .milliseconds(100)
            } catch {
                if let deadline, ContinuousClock.now + delay > deadline {
                    logger.error(
                        "usage records not written at shutdown", metadata: ["records": "\(waiting)", "error": "\(error.description)"])
                    return
                }
                logger.warning(
                    "usage ledger write failed; retrying", metadata: ["records": "\(batch.count)", "error": "\(error.description)"])
                // Woken by shutdown too: the final call, with its deadline, takes over.
                let wait = delay
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
