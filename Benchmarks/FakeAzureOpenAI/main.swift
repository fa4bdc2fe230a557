// A fast fake Azure OpenAI for load tests: SwiftNIO HTTP/1.1 with keep-alive, answering every POST with a fixed
// chat completion (or, when the body asks for `"stream":true`, a short Server-Sent Events stream with a final
// usage chunk). It does no work per request beyond parsing HTTP, so it is never the bottleneck of a benchmark.
//
//     fake-azure-openai PORT
import NIOCore
import NIOHTTP1
import NIOPosix

let completion = ByteBuffer(
    string:
        #"{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the benchmark upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}"#
)
let stream = ByteBuffer(
    string:
        "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
        + "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}\n\n"
        + "data: [DONE]\n\n")

final class Handler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var keepAlive = true
    private var streaming = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
            streaming = false
        case .body(let body):
            if body.readableBytesView.firstRange(of: Array(#""stream":true"#.utf8)) != nil { streaming = true }
        case .end:
            let payload = streaming ? stream : completion
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: streaming ? "text/event-stream" : "application/json")
            headers.add(name: "content-length", value: String(payload.readableBytes))
            if !keepAlive { headers.add(name: "connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(payload))), promise: nil)
            let flushed = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                flushed.whenComplete { _ in bound.value.close(promise: nil) }
            }
        }
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 2, let port = Int(arguments[1]) else {
    print("usage: fake-azure-openai PORT")
    exit(2)
}
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let channel = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 1024)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(Handler())
        }
    }
    .bind(host: "127.0.0.1", port: port).get()
print("fake-azure-openai listening on 127.0.0.1:\(port)")
try await channel.closeFuture.get()
