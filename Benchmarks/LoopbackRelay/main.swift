// The floor under any HTTP gateway on this machine: a SwiftNIO TCP relay that understands nothing of HTTP. Each
// accepted connection gets its own connection to the upstream, opened on the same event loop, and bytes are copied
// both ways as they arrive (one read and one write per piece, per direction). A gateway cannot do less work than
// this per request: it adds exactly the second loopback hop, so the load benchmarks run it beside the gateway to show
// how much of the gateway's added latency is that hop and how much is the gateway.
//
//     LoopbackRelay LISTEN_PORT UPSTREAM_PORT
import NIOCore
import NIOPosix

/// Copies what one side reads to the other side, flushing at the end of each read burst; either side closing closes
/// both. Both channels of a pair run on one event loop, so the handlers call each other directly.
final class Splice: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: Splice?
    private var context: ChannelHandlerContext?

    static func pair() -> (Splice, Splice) {
        let (a, b) = (Splice(), Splice())
        a.partner = b
        b.partner = a
        return (a, b)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.context?.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.context?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.context?.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let upstreamPort = Int(arguments[2]) else {
    print("usage: LoopbackRelay LISTEN_PORT UPSTREAM_PORT")
    exit(2)
}
let group = MultiThreadedEventLoopGroup.singleton
let server = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 1024)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelOption(.autoRead, value: false)
    .childChannelInitializer { client in
        // Both ends live on the client's loop, so the pair is bound to it.
        let pair = NIOLoopBound(Splice.pair(), eventLoop: client.eventLoop)
        return ClientBootstrap(group: client.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { upstream in
                upstream.eventLoop.makeCompletedFuture { try upstream.pipeline.syncOperations.addHandler(pair.value.1) }
            }
            .connect(host: "127.0.0.1", port: upstreamPort)
            .flatMap { _ in
                client.eventLoop.makeCompletedFuture {
                    try client.pipeline.syncOperations.addHandler(pair.value.0)
                    // Reading starts once the upstream is there to take what is read.
                    try client.syncOptions?.setOption(.autoRead, value: true)
                }
            }
    }
    .bind(host: "127.0.0.1", port: port).get()
print("relaying 127.0.0.1:\(port) to 127.0.0.1:\(upstreamPort)")
try await server.closeFuture.get()
