import Foundation
import GatewayTesting
import NIOCore
import NIOPosix
import Synchronization
import Testing

@Suite("Realtime upgrades carry the request id")
struct RealtimeRequestIDTests {
    /// What the test saw in the 101, for the audit check that runs after the gateway stops.
    final class Seen: Sendable {
        let requestID = Mutex<String?>(nil)
    }

    @Test("the 101 answer carries x-request-id and apim-request-id, the id of the session's audit record")
    func switchingProtocolsCarriesRequestID() async throws {
        let seen = Seen()
        try await RealtimeGatewayTests.withGateway(audit: { records in
            let record = try #require(records.last)
            #expect(record["status"] as? Int == 101)
            let id = try #require(seen.requestID.withLock { $0 })
            #expect(record["requestId"] as? String == id)
        }) { harness in
            let head = try await Self.upgradeHead(port: harness.port, key: harness.key)
            #expect(head.hasPrefix("HTTP/1.1 101"), "\(head)")
            let fields = Self.fields(head)
            let id = try #require(fields["x-request-id"], "\(head)")
            #expect(!id.isEmpty && fields["apim-request-id"] == id)
            seen.requestID.withLock { $0 = id }
        }
    }

    /// Sends a WebSocket upgrade for the Azure realtime path and returns the answer's head, then closes.
    static func upgradeHead(port: Int, key: String) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port) {
            channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        return try await channel.executeThenClose { inbound, outbound in
            let request =
                "GET \(RealtimeHarness.azurePath) HTTP/1.1\r\nHost: gateway\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\napi-key: \(key)\r\n\r\n"
            try await outbound.write(ByteBuffer(string: request))
            var received = ""
            for try await buffer in inbound {
                received += String(buffer: buffer)
                if let end = received.range(of: "\r\n\r\n") { return String(received[..<end.lowerBound]) }
            }
            return received
        }
    }

    /// The head's fields by lower-cased name.
    static func fields(_ head: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}
