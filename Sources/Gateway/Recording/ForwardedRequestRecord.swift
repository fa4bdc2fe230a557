import Synchronization

/// Records a forwarded request exactly once: when its body has been relayed (or cut), or, if the server drops
/// the response before writing its body (the client went away first), when the response is released. So every
/// forwarded request leaves its audit record, and none leaves two. The release case cannot wait (it happens in
/// `deinit`), so its write goes to `deferred`, a queue a service drains, and shutdown waits for it.
final class ForwardedRequestRecord: Sendable {
    typealias Record = @Sendable (_ outcome: ExchangeOutcome, _ relayed: UpstreamForwarder.Relayed?) async -> Void

    private let pending: Mutex<Record?>
    private let deferred: DeferredWork

    init(deferred: DeferredWork, _ record: @escaping Record) {
        pending = Mutex(record)
        self.deferred = deferred
    }

    /// Writes the record, unless it has been written already.
    func finish(_ outcome: ExchangeOutcome, relayed: UpstreamForwarder.Relayed?) async {
        guard let record = takePending() else { return }
        await record(outcome, relayed)
    }

    private func takePending() -> Record? {
        pending.withLock { pending in
            defer { pending = nil }
            return pending
        }
    }

    deinit {
        // Released unwritten: the response was never written.
        if let record = takePending() {
            deferred.enqueue { await record(.clientDisconnected, nil) }
        }
    }
}
