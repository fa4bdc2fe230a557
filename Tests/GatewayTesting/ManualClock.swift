import Synchronization

/// A clock that moves only when a test says so: its `now` is handed to the code under test as its clock, and
/// `advance(by:)` moves it, so time-based behaviour is tested without sleeping.
public final class ManualClock: Sendable {
    private let instant: Mutex<ContinuousClock.Instant>

    public init(start: ContinuousClock.Instant = .now) {
        instant = Mutex(start)
    }

    /// The clock's current instant.
    public func now() -> ContinuousClock.Instant {
        instant.withLock { $0 }
    }

    public func advance(by duration: Duration) {
        instant.withLock { $0 += duration }
    }
}
