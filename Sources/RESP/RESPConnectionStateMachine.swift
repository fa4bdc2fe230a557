import NIOCore

/// What one connection knows: the commands written and not yet answered, in order, with their deadlines.
///
/// A pure state machine after postgres-nio's: the channel handler reports events and performs the returned action;
/// no I/O happens here. Redis answers commands in the order they were written, so the first pending command owns
/// the next reply. A passed deadline closes the connection, because the late reply would otherwise be taken as
/// the answer to the command after it.
struct RESPConnectionStateMachine<Promise> {
    struct Pending {
        var promise: Promise
        var deadline: NIODeadline
        var name: String
    }

    private enum State {
        case open
        case closed(RESPError)
    }

    private var state: State = .open
    private var pending = CircularBuffer<Pending>()
    /// The deadline the handler's one timer is set for, if one is set.
    private var timerDeadline: NIODeadline?

    enum SendAction {
        /// Write the command; (re)arm the timer for this deadline when it is not `nil`.
        case write(armTimer: NIODeadline?)
        /// Do not write: fail the command's promise with this error.
        case fail(RESPError)
    }

    enum ReplyAction {
        case succeed(Promise)
        /// An out-of-band RESP3 push: nothing is waiting for it.
        case ignore
        case failAllAndClose([Promise], RESPError)
    }

    enum TimerAction {
        case none
        case rearm(NIODeadline)
        /// The first promise timed out; the others fail with `connectionClosed`; close the channel.
        case timeout(Promise, String, others: [Promise])
    }

    var pendingCount: Int { pending.count }

    var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    mutating func send(promise: Promise, deadline: NIODeadline, name: String) -> SendAction {
        guard case .open = state else {
            return .fail(.connectionClosed("the connection was already closed", neverSent: true))
        }
        pending.append(Pending(promise: promise, deadline: deadline, name: name))
        if let armed = timerDeadline, armed <= deadline { return .write(armTimer: nil) }
        timerDeadline = deadline
        return .write(armTimer: deadline)
    }

    mutating func replyReceived(_ value: RESPValue) -> ReplyAction {
        guard case .open = state else { return .ignore }
        if case .push = value { return .ignore }
        guard let head = pending.popFirst() else {
            return failAll(.protocolError("a reply arrived with no command waiting for it"))
        }
        return .succeed(head.promise)
    }

    mutating func timerFired(now: NIODeadline) -> TimerAction {
        timerDeadline = nil
        guard case .open = state, !pending.isEmpty else { return .none }
        var earliest = NIODeadline.distantFuture
        var expired: Int?
        for (offset, command) in pending.enumerated() {
            if command.deadline <= now {
                expired = offset
                break
            }
            earliest = min(earliest, command.deadline)
        }
        guard let expired else {
            timerDeadline = earliest
            return .rearm(earliest)
        }
        let command = pending[pending.index(pending.startIndex, offsetBy: expired)]
        let detail = "\(command.name) got no reply before its deadline; the connection was closed"
        state = .closed(.timeout(detail))
        var others: [Promise] = []
        for (offset, entry) in pending.enumerated() where offset != expired { others.append(entry.promise) }
        pending.removeAll()
        return .timeout(command.promise, detail, others: others)
    }

    /// A decoding error or a channel error: everything pending fails, and the channel is closed.
    mutating func errorCaught(_ error: RESPError) -> ReplyAction {
        failAll(error)
    }

    /// The channel closed (by the server, by the client, or after a timeout): everything pending fails.
    mutating func channelInactive() -> [Promise] {
        if case .open = state { state = .closed(.connectionClosed) }
        let promises = pending.map(\.promise)
        pending.removeAll()
        return promises
    }

    private mutating func failAll(_ error: RESPError) -> ReplyAction {
        state = .closed(error)
        let promises = pending.map(\.promise)
        pending.removeAll()
        return .failAllAndClose(promises, error)
    }
}
