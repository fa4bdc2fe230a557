import Logging
import RateLimits

/// Writes usage records to the ledger off the request's path, in order, on the gateway's `DeferredWork` queue. A
/// write that fails (the database restarting) is retried with backoff for about a minute before it is given up
/// with an error log, so a short outage loses nothing; recording the same request again is a no-op in the ledger.
struct LedgerWriter: Sendable {
    let ledger: any UsageLedger
    let queue: DeferredWork
    let logger: Logger
    /// Waits between attempts: 0.1 s doubling to 6.4 s, about a minute in all.
    var delays: [Duration] = (0..<10).map { .milliseconds(100 * (1 << min($0, 6))) }

    func record(_ record: UsageRecord) {
        let ledger = self.ledger, logger = self.logger, delays = self.delays
        queue.enqueue {
            for (attempt, delay) in ([Duration.zero] + delays).enumerated() {
                if attempt > 0 { try? await Task.sleep(for: delay) }
                do throws(UsageLedgerError) {
                    try await ledger.record(record)
                    return
                } catch {
                    if attempt == delays.count {
                        logger.error(
                            "usage record not written", metadata: ["request.id": "\(record.requestID)", "error": "\(error.description)"])
                    }
                }
            }
        }
    }
}
