import Synchronization

/// Runs work with a time limit that holds even when the work ignores cancellation. A PostgreSQL query waits for
/// its connection's answer whatever its task's state, so a structured race would still wait for a hung server;
/// here the caller is answered at the deadline and the work, cancelled, finishes on its own in the background.
enum Deadline {
    struct Exceeded: Error {}

    /// `body`'s result, or ``Exceeded`` once `timeout` has passed (or when the caller is cancelled).
    static func run<Value: Sendable>(
        _ timeout: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let race = Race<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation, timeout: timeout, body)
            }
        } onCancel: {
            race.finish(.failure(Exceeded()))
        }
    }

    /// The waiting caller, answered once by whichever comes first, and the two tasks racing.
    private final class Race<Value: Sendable>: Sendable {
        private struct State {
            var waiter: CheckedContinuation<Value, any Error>?
            var tasks: [Task<Void, Never>] = []
            var finished = false
        }

        private let state = Mutex(State())

        func start(
            _ waiter: CheckedContinuation<Value, any Error>, timeout: Duration, _ body: @escaping @Sendable () async throws -> Value
        ) {
            let alreadyCancelled = state.withLock { state in
                state.waiter = waiter
                return state.finished
            }
            if alreadyCancelled {
                finish(.failure(Exceeded()))
                return
            }
            let work = Task {
                do { self.finish(.success(try await body())) } catch { self.finish(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { self.finish(.failure(Exceeded())) }
            }
            let lateTasks = state.withLock { state in
                state.tasks = [work, timer]
                return state.finished
            }
            if lateTasks {
                work.cancel()
                timer.cancel()
            }
        }

        /// Answers the caller, if nobody has yet, and cancels both tasks.
        func finish(_ result: Result<Value, any Error>) {
            let (waiter, tasks) = state.withLock { state in
                state.finished = true
                defer { state.waiter = nil }
                return (state.waiter, state.tasks)
            }
            waiter?.resume(with: result)
            for task in tasks { task.cancel() }
        }
    }
}
