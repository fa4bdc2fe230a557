import APIKeys
import Foundation
import Gateway
import GatewayConfig
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Synchronization
import GatewayTesting
import Testing

/// An "upstream" that answers any connection with bytes that are not HTTP, then closes.
final class GarbageHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "\u{01}\u{02}not http at all\r\n\r\n")), promise: nil)
        context.close(promise: nil)
    }
}

@Suite("Gateway faults and logs")
struct FaultTests {
    @Test("malformed JSON, an upstream that answers garbage and one that is down: precise errors, and the gateway keeps serving")
    func faults() async throws {
        let garbage = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(GarbageHandler()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { garbage.close(promise: nil) }
        let garbagePort = try #require(garbage.localAddress?.port)
        // A port that refuses connections, held for the whole test so no other test's server can take it.
        let refusing = try RefusingPort()
        let downPort = refusing.port
        defer { withExtendedLifetime(refusing) {} }
        let folder = try TemporaryFolder("gateway-faults")
        defer { folder.remove() }
        let store = try APIKeyStore(location: folder.path("keys.db"))
        let key = try store.create(name: "t", scope: APIKeyScope(deployments: ["*"]), expiresIn: nil).secret
        let configuration = try GatewayConfigurationLoader(environment: ["K": "k"]).load(
            """
            listen: "127.0.0.1:0"
            upstreams:
              - { name: garbage, endpoint: "http://127.0.0.1:\(garbagePort)", region: westeurope, deployments: [gpt-4o], timeoutSeconds: 20, auth: { type: apiKey, keyEnv: K } }
              - { name: down, endpoint: "http://127.0.0.1:\(downPort)", region: westeurope, deployments: [gpt-35], timeoutSeconds: 20, auth: { type: apiKey, keyEnv: K } }
            keys: { store: "sqlite:unused.db" }
            """, file: "gateway.yaml"
        ).get()
        let httpClient = GatewayApplication.makeHTTPClient()
        let gateway = GatewayApplication(configuration: configuration, keyStore: store, httpClient: httpClient, environment: ["K": "k"])
        try await Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            client in
            let headers: HTTPFields = [HTTPField.Name("api-key")!: key]
            let malformed = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: headers, body: ByteBuffer(string: #"{"model": "gpt-4o", "#))
            #expect(malformed.status == .badRequest)
            #expect(String(buffer: malformed.body).contains("\"code\":\"invalid_json\""))
            let noModel = try await client.execute(
                uri: "/openai/v1/chat/completions", method: .post, headers: headers, body: ByteBuffer(string: #"{"messages":[]}"#))
            #expect(String(buffer: noModel.body).contains("\"code\":\"missing_model\""))
            let fromGarbage = try await client.execute(
                uri: "/openai/deployments/gpt-4o/chat/completions?api-version=1", method: .post, headers: headers,
                body: ByteBuffer(string: "{}"))
            #expect(fromGarbage.status == .badGateway)
            #expect(String(buffer: fromGarbage.body).contains("\"code\":\"upstream_unavailable\""))
            let fromDown = try await client.execute(
                uri: "/openai/deployments/gpt-35/chat/completions?api-version=1", method: .post, headers: headers,
                body: ByteBuffer(string: "{}"))
            #expect(fromDown.status == .badGateway)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok, "still serving")
        }
        try await httpClient.shutdown()
    }

    @Test("JSON logs: one object per line with level, label, message and the request's metadata")
    func jsonLogs() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "bulwark.gateway") { label in
            JSONLogHandler(label: label, sink: .init { line in lines.withLock { $0.append(line) } })
        }
        logger[metadataKey: "hb.request.id"] = "req-42"
        logger.notice("response stream interrupted", metadata: ["deployment": "gpt-4o", "tags": ["a", "b"]])
        logger.debug("below the level")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "notice")
        #expect(object["label"] as? String == "bulwark.gateway")
        #expect(object["message"] as? String == "response stream interrupted")
        #expect(object["hb.request.id"] as? String == "req-42")
        #expect(object["deployment"] as? String == "gpt-4o")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect(written.first?.hasSuffix("\n") == true)
    }
}
