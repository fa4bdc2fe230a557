import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// First in a connection's pipeline (before TLS): takes the connection's place under the per-address limit, or
/// closes it at once when its address holds the maximum already; starts its ``ConnectionClock``; tells the clock of
/// every byte that arrives. Bytes pass through untouched, so it stays in place after a WebSocket upgrade and the
/// upgraded connection keeps counting towards its address.
final class ConnectionAdmission: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    private let policy: ConnectionPolicy
    private let clock: ConnectionClock
    /// The address whose place this connection holds, once admitted.
    private var held: String?
    private var decided = false

    init(policy: ConnectionPolicy, clock: ConnectionClock) {
        self.policy = policy
        self.clock = clock
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard !decided else { return }
        decided = true
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard policy.perAddress.acquire(address) else {
            policy.closed(.perAddressLimit)
            clock.stop()
            context.close(promise: nil)
            return
        }
        held = address
        clock.start(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        clock.bytesArrived(context)
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    private func release() {
        clock.stop()
        if let address = held { policy.perAddress.release(address) }
        held = nil
    }
}

/// Just after the HTTP request decoder: tells the ``ConnectionClock`` when a request head has arrived and when a
/// response has ended. At a `101 Switching Protocols` it stops the clock and leaves the pipeline, before the
/// connection starts carrying WebSocket frames.
final class RequestProgress: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let clock: ConnectionClock

    init(clock: ConnectionClock) {
        self.clock = clock
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { clock.headReceived() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status == .switchingProtocols:
            clock.upgraded()
            context.write(data, promise: promise)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        case .end:
            context.write(data, promise: promise)
            clock.responseEnded(context)
        default:
            context.write(data, promise: promise)
        }
    }
}

/// A server child channel whose connections are held to a ``ConnectionPolicy``: ``ConnectionAdmission`` first in
/// the pipeline, ``RequestProgress`` after `base`'s HTTP request decoder.
struct PolicedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let policy: ConnectionPolicy

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let policy = self.policy
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let clock = ConnectionClock(policy: policy)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ConnectionAdmission(policy: policy, clock: clock), position: .first)
            let decoder = try pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestProgress(clock: clock), position: .after(decoder.handler))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
