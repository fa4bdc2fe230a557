import ServiceLifecycle

/// Work that must not hold up the request that starts it (a webhook alert, the record of a response the client
/// dropped), queued here and done in order by `run()`, a service in the gateway's `ServiceGroup`. On graceful
/// shutdown the queue is closed and what is in it is done before `run()` returns; nothing runs untracked.
final class DeferredWork: Service {
    typealias Job = @Sendable () async -> Void

    private let jobs: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation

    init() {
        (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
    }

    /// Queues `job`. After shutdown has closed the queue, a job is dropped (nothing is left to run it).
    func enqueue(_ job: @escaping Job) {
        continuation.yield(job)
    }

    /// Does the queued jobs, one at a time, until graceful shutdown (then the rest) or cancellation.
    func run() async {
        await withGracefulShutdownHandler {
            for await job in jobs { await job() }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
    }
}
