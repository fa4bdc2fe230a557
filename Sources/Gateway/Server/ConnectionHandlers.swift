import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// First in a connection's pipeline (before TLS), holding the connection's place under the per-address limit until
/// it closes: starts its ``ConnectionClock`` and tells it of every byte that arrives. Bytes pass through untouched,
/// so it stays in place after a WebSocket upgrade and the upgraded connection keeps counting towards its address.
final class ConnectionAdmission: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    private let policy: ConnectionPolicy
    private let clock: ConnectionClock
    /// The address whose place this connection holds; nil once given back.
    private var held: String?

    init(policy: ConnectionPolicy, clock: ConnectionClock, address: String) {
        self.policy = policy
        self.clock = clock
        held = address
    }

    func handlerAdded(context: ChannelHandlerContext) {
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
/// response has ended. From a `101 Switching Protocols` on, it stops the clock and passes everything through
/// untouched (WebSocket bytes and frames), so it never needs to leave the pipeline during the upgrade.
final class RequestProgress: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    /// The types this handler reads before an upgrade, to unwrap them.
    private final class RequestParts: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
    }
    private final class ResponseParts: ChannelOutboundHandler {
        typealias OutboundIn = HTTPServerResponsePart
    }

    private let clock: ConnectionClock
    private var upgraded = false

    init(clock: ConnectionClock) {
        self.clock = clock
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !upgraded, case .head = RequestParts.unwrapInboundIn(data) { clock.headReceived() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !upgraded {
            switch ResponseParts.unwrapOutboundIn(data) {
            case .head(let head) where head.status == .switchingProtocols:
                upgraded = true
                clock.upgraded()
            case .end:
                context.write(data, promise: promise)
                clock.responseEnded(context)
                return
            default:
                break
            }
        }
        context.write(data, promise: promise)
    }
}

/// A server child channel whose connections are held to a ``ConnectionPolicy``: ``ConnectionAdmission`` first in
/// the pipeline, ``RequestProgress`` after `base`'s HTTP request decoder.
struct PolicedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let policy: ConnectionPolicy

    /// Refuses a connection whose address holds the maximum already (closed at once, counted), before any setup.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let policy = self.policy
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        guard policy.perAddress.acquire(address) else {
            policy.closed(.perAddressLimit)
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ConnectionRefused())
        }
        // The place is the admission handler's from here: given back when the connection closes, set up or not.
        let clock = ConnectionClock(policy: policy)
        do {
            try channel.pipeline.syncOperations.addHandler(
                ConnectionAdmission(policy: policy, clock: clock, address: address), position: .first)
        } catch {
            policy.perAddress.release(address)
            return channel.eventLoop.makeFailedFuture(error)
        }
        // Setup runs on the channel's event loop, where the clock lives.
        let bound = NIOLoopBound(clock, eventLoop: channel.eventLoop)
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestProgress(clock: bound.value), position: .after(decoder.handler))
            return value
        }
    }

    /// Why a connection was closed before it was set up: its address holds the maximum already.
    struct ConnectionRefused: Error {}

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
