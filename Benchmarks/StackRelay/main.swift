// What the gateway's HTTP stack costs with nothing of the gateway in it: Hummingbird serving every POST by sending
// it on with AsyncHTTPClient and answering with the upstream's status, content type and body, read whole. No keys,
// no routes, no records. Beside `LoopbackRelay` (no HTTP at all) and the gateway, in Benchmarks/limits-ab.py, it splits
// the gateway's added latency into the loopback hop, the HTTP stack and the gateway's own work.
//
//     StackRelay LISTEN_PORT UPSTREAM_PORT
import AsyncHTTPClient
import Hummingbird
import NIOCore
import NIOPosix

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let upstreamPort = Int(arguments[2]) else {
    print("usage: StackRelay LISTEN_PORT UPSTREAM_PORT")
    exit(2)
}
// As `bulwark gateway` does: Swift concurrency runs on NIO's event loops.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let upstream = "http://127.0.0.1:\(upstreamPort)"
let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
/// Request headers that belong to the client's hop.
let hopHeaders: Set<String> = ["host", "content-length", "connection", "keep-alive", "transfer-encoding"]

let router = Router()
router.post("**") { request, _ -> Response in
    var outgoing = HTTPClientRequest(url: upstream + request.uri.path)
    outgoing.method = .POST
    for field in request.headers where !hopHeaders.contains(field.name.canonicalName) {
        outgoing.headers.add(name: field.name.rawName, value: field.value)
    }
    outgoing.body = .bytes(try await request.body.collect(upTo: 1 << 20))
    let answer = try await client.execute(outgoing, timeout: .seconds(30))
    let body = try await answer.body.collect(upTo: 1 << 20)
    var headers = HTTPFields()
    if let type = answer.headers.first(name: "content-type") { headers[.contentType] = type }
    return Response(status: .init(code: Int(answer.status.code)), headers: headers, body: ResponseBody(byteBuffer: body))
}
let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await application.runService()
try await client.shutdown().get()
