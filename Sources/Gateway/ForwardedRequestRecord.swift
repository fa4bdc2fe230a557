import Synchronization

/// Records a forwarded request exactly once: when its body has been relayed (or cut), or, if the server drops
/// the response before writing its body (the client went away first), when the response is released. So every
/// forwarded request leaves its audit record, and none leaves two.
final class ForwardedRequestRecord: Sendable {
    typealias Record = @Sendable (_ outcome: String, _ relayed: UpstreamForwarder.Relayed?) async -> Void

    private let pending: Mutex<Record?>

    init(_ record: @escaping Record) {
        pending = Mutex(record)
    }

    /// Writes the record, unless it has been written already.
    func finish(_ outcome: String, relayed: UpstreamForwarder.Relayed?) async {
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
        // Released unwritten: the response was never written. Deinit cannot wait, so the write runs on its own.
        if let record = takePending() {
            Task { await record("client_disconnected", nil) }
        }
    }
}
