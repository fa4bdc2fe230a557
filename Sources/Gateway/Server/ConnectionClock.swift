import NIOCore

/// One connection's deadlines, kept on its event loop by ``ConnectionAdmission`` (which sees every byte) and
/// ``RequestProgress`` (which sees request heads and response ends):
/// - from the connection's first moment, and from the first byte after a response, a complete request head must
///   arrive within `server.headerTimeoutSeconds` (a slow client dribbling its headers is cut);
/// - after a response, with no request in flight, the connection may sit idle for `server.idleTimeoutSeconds`;
/// - while a request is in flight (a long stream included) nothing is timed;
/// - once upgraded to a WebSocket, nothing is timed: the realtime session has its own life.
final class ConnectionClock {
    private enum State {
        case awaitingHead
        case inRequest
        case idle
        case upgraded
        case closed
    }

    private let policy: ConnectionPolicy
    private var state = State.awaitingHead
    /// Requests whose head arrived and whose response has not ended (more than one when pipelined).
    private var outstanding = 0
    /// What is due, and by when; nil while nothing is timed.
    private var due: (deadline: NIODeadline, reason: ConnectionClosure)?
    /// The one scheduled check, and when it runs. It is not moved when `due` is cleared or pushed later: it runs,
    /// finds nothing due yet, and schedules itself for the new deadline. A keep-alive connection's requests then
    /// cost no timer work (two schedules and two cancellations each before), and its timer wakes about once per
    /// timeout.
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?

    init(policy: ConnectionPolicy) {
        self.policy = policy
    }

    /// The connection was admitted: the first request head is now due.
    func start(_ context: ChannelHandlerContext) {
        arm(context, after: policy.settings.headerTimeout, reason: .headerTimeout)
    }

    /// Bytes arrived: after an idle spell, they begin a request head, which is now due.
    func bytesArrived(_ context: ChannelHandlerContext) {
        guard case .idle = state else { return }
        state = .awaitingHead
        arm(context, after: policy.settings.headerTimeout, reason: .headerTimeout)
    }

    func headReceived() {
        guard case .awaitingHead = state else {
            if case .inRequest = state { outstanding += 1 }
            return
        }
        outstanding += 1
        state = .inRequest
        due = nil
    }

    func responseEnded(_ context: ChannelHandlerContext) {
        guard case .inRequest = state else { return }
        outstanding -= 1
        guard outstanding <= 0 else { return }
        outstanding = 0
        state = .idle
        arm(context, after: policy.settings.idleTimeout, reason: .idleTimeout)
    }

    func upgraded() {
        state = .upgraded
        due = nil
    }

    func stop() {
        state = .closed
        due = nil
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    private func arm(_ context: ChannelHandlerContext, after delay: Duration, reason: ConnectionClosure) {
        let deadline = NIODeadline.now() + TimeAmount(delay)
        due = (deadline, reason)
        // A check already scheduled no later than this deadline reschedules itself for it.
        if let timerDeadline, timerDeadline <= deadline { return }
        schedule(on: context.eventLoop, channel: context.channel, at: deadline)
    }

    private func schedule(on loop: any EventLoop, channel: any Channel, at deadline: NIODeadline) {
        timer?.cancel()
        timerDeadline = deadline
        timer = loop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            timerDeadline = nil
            guard let due else { return }
            guard due.deadline <= .now() else {
                schedule(on: loop, channel: channel, at: due.deadline)
                return
            }
            self.due = nil
            switch (state, due.reason) {
            case (.awaitingHead, .headerTimeout), (.idle, .idleTimeout):
                state = .closed
                policy.closed(due.reason)
                channel.close(promise: nil)
            default:
                break
            }
        }
    }
}
