import HummingbirdCore
import Logging
import NIOCore

/// A task executor that runs jobs on one SwiftNIO event loop. With it as a connection's task executor preference,
/// the connection's requests run on the thread that owns its socket: the request handler resumes there after
/// every await, and the upstream client (which prefers the current event loop) opens and reuses its connection
/// there too, instead of each step waking another thread.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A server child channel whose connection is handled with its own event loop as task executor preference
/// (``EventLoopTaskExecutor``); setup and handling are otherwise `base`'s.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}
