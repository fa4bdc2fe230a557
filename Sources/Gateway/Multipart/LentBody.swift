import NIOCore
import Synchronization

/// The rest of a client's body, lent to the task that sends it upstream and taken back before the response ends.
///
/// A client's body is read through its connection's one iterator, which must never be waited on by two tasks at once
/// (NIO traps on a second waiter). Two tasks can want it: the HTTP client's writer, which sends the upload upstream in
/// a task of its own, and Hummingbird, which reads what is left of the body once the handler's response is written,
/// to reach the connection's next request. The upstream may answer (or fail) while the writer is still waiting for
/// the client's next chunk, so the handler's response can be complete before the writer has let go. `takeBack()`
/// closes the loan and waits for a read in progress to finish; a read after that fails, so the writer aborts its
/// request rather than send a body cut short, and Hummingbird's read is the only one.
final class LentBody<Base: AsyncIteratorProtocol>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    /// Why a read failed: the body was taken back, or it is being read by another iteration.
    enum Refusal: Error, Sendable, Equatable {
        case takenBack
        case alreadyIterated
    }

    private struct State {
        var reading = false
        var takenBack = false
        /// The `takeBack()` waiting for the read in progress.
        var waiter: CheckedContinuation<Void, Never>?
    }

    /// The iterator, until the one iteration takes it.
    private let handoff: Mutex<Base?>
    private let state = Mutex(State())

    init(_ iterator: sending Base) {
        handoff = Mutex(iterator)
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self, base: handoff.withLock { $0.take() }) }

    struct AsyncIterator: AsyncIteratorProtocol {
        let body: LentBody
        /// Nil for a second iteration, which finds the iterator gone.
        var base: Base?

        mutating func next() async throws -> ByteBuffer? {
            guard base != nil else { throw Refusal.alreadyIterated }
            try body.startRead()
            let chunk: ByteBuffer?
            do { chunk = try await base?.next() } catch {
                body.endRead()
                throw error
            }
            body.endRead()
            return chunk
        }
    }

    private func startRead() throws(Refusal) {
        try state.withLock { state throws(Refusal) in
            if state.takenBack { throw .takenBack }
            state.reading = true
        }
    }

    /// Ends a read, waking a waiting `takeBack()`.
    private func endRead() {
        let waiter = state.withLock { state in
            state.reading = false
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Closes the loan: once this returns, no read is waiting on the client's body and none will start.
    func takeBack() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                state.takenBack = true
                guard state.reading else { return true }
                state.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }
}
