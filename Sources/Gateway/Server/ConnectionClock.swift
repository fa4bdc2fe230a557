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
    private var timer: Scheduled<Void>?

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
        disarm()
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
        disarm()
    }

    func stop() {
        state = .closed
        disarm()
    }

    private func arm(_ context: ChannelHandlerContext, after delay: Duration, reason: ConnectionClosure) {
        disarm()
        let channel = context.channel
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { [self] in
            timer = nil
            switch (state, reason) {
            case (.awaitingHead, .headerTimeout), (.idle, .idleTimeout):
                state = .closed
                policy.closed(reason)
                channel.close(promise: nil)
            default:
                break
            }
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
