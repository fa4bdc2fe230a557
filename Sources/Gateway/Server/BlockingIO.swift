import NIOPosix

/// Where blocking work runs: SQLite reads and writes of the key store, and the audit log's file writes. The
/// gateway runs Swift concurrency on SwiftNIO's event loops, which must never block, so such work runs with
/// this task executor preference, on NIO's blocking thread pool. Results are the same as run in place; only
/// the thread differs. (The audit writer is a default actor, so its methods follow the preference too.)
final class BlockingIO: TaskExecutor {
    /// On `NIOThreadPool.singleton`, which lives as long as the process.
    static let shared = BlockingIO(pool: .singleton)

    private let pool: NIOThreadPool

    init(pool: NIOThreadPool) {
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // A job must run even on a pool that has been stopped, so the work item ignores its state.
        pool.submit { _ in job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `body` on the blocking pool and returns its result.
    func run<Value, Failure: Error>(_ body: () async throws(Failure) -> Value) async throws(Failure) -> Value {
        try await withTaskExecutorPreference(self, operation: body)
    }
}
