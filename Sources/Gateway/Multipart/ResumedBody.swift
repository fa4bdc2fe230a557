import NIOCore
import Synchronization

/// A request body whose start has already been read: the chunks read so far, then the rest from the same iterator.
/// A client's body can be iterated once only, so the iterator that read the start is handed over, whole, to the one
/// task that iterates this sequence (the upstream request's writer); it is never shared. A second iteration finds the
/// iterator gone and fails rather than send a body cut short.
struct ResumedBody<Base: AsyncIteratorProtocol>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    /// Why the sequence cannot be iterated: it already was.
    struct AlreadyIterated: Error, Sendable {}

    /// The iterator, until the one iteration takes it.
    private final class Handoff: Sendable {
        let iterator: Mutex<Base?>

        init(_ iterator: sending Base) { self.iterator = Mutex(iterator) }

        func take() -> sending Base? { iterator.withLock { $0.take() } }
    }

    /// The chunks read before the sequence was made, sent first.
    let prefix: [ByteBuffer]
    private let handoff: Handoff

    init(prefix: [ByteBuffer], rest: sending Base) {
        self.prefix = prefix
        handoff = Handoff(rest)
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(prefix: prefix, base: handoff.take()) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var prefix: [ByteBuffer]
        var index = 0
        var base: Base?
        /// False for a second iteration, which finds no iterator.
        let owned: Bool

        init(prefix: [ByteBuffer], base: consuming Base?) {
            self.prefix = prefix
            self.owned = base != nil
            self.base = base
        }

        mutating func next() async throws -> ByteBuffer? {
            guard owned else { throw AlreadyIterated() }
            if index < prefix.count {
                defer { index += 1 }
                return prefix[index]
            }
            // Released as they are sent: the prefix is not held for the whole upload.
            if !prefix.isEmpty { prefix = [] }
            guard base != nil else { return nil }
            let chunk = try await base?.next()
            if chunk == nil { base = nil }
            return chunk
        }
    }
}
