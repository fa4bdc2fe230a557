import Synchronization

/// Requests made and throttling waits, for the manifest and the progress display. Shared by every request.
public final class RequestStatistics: Sendable {
    public struct Counts: Sendable, Hashable {
        public var requests = 0
        /// Answers that were 429.
        public var throttled = 0
        /// Waits before a retry (after a 429, a 503, or a quota about to run out).
        public var waits = 0
        public var waited: Duration = .zero

        public init() {}
    }

    private let counts = Mutex(Counts())
    /// Called after each change, with the new counts: the progress display.
    private let observer: (@Sendable (Counts) -> Void)?
    /// Counts the same events too: one collector's statistics feed the whole collection's.
    private let parent: RequestStatistics?

    public init(parent: RequestStatistics? = nil, observer: (@Sendable (Counts) -> Void)? = nil) {
        self.parent = parent
        self.observer = observer
    }

    public var current: Counts { counts.withLock { $0 } }

    func countRequest(throttled: Bool) {
        let now = counts.withLock { counts in
            counts.requests += 1
            if throttled { counts.throttled += 1 }
            return counts
        }
        observer?(now)
        parent?.countRequest(throttled: throttled)
    }

    /// A wait the collection made, counted as a throttling wait.
    public func countWait(_ duration: Duration) {
        let now = counts.withLock { counts in
            counts.waits += 1
            counts.waited += duration
            return counts
        }
        observer?(now)
        parent?.countWait(duration)
    }
}
