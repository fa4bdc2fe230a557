import APIKeys
import Foundation
@testable import Gateway
import GatewayTesting
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// Collects what a response body writes.
private final class Sink: Sendable {
    let bytes = Mutex(ByteBuffer())
    let finished = Mutex(false)
}

private struct CollectingWriter: ResponseBodyWriter {
    let sink: Sink

    mutating func write(_ buffer: ByteBuffer) async throws { sink.bytes.withLock { _ = $0.writeImmutableBuffer(buffer) } }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws { sink.finished.withLock { $0 = true } }
}

@Suite("Recording the owner of a created object from its answer")
struct OwnershipCaptureTests {
    static func relay(_ chunks: [String], eventStream: Bool) async throws -> (String, [OwnedObject]) {
        let folder = try TemporaryFolder("capture")
        defer { folder.remove() }
        let store = try APIKeyStore(location: folder.path("keys.db"))
        let capture = OwnershipCapture(
            store: store, kind: .response, owner: "bwk_aaaaaaaaaaaa", upstream: "eu", deployment: "gpt-4o", isEventStream: eventStream,
            logger: Logger(label: "test"))
        let sink = Sink()
        let body = capture.wrapping(ResponseBody(asyncSequence: chunks.map { ByteBuffer(string: $0) }.async))
        try await body.write(CollectingWriter(sink: sink))
        #expect(sink.finished.withLock { $0 })
        return (sink.bytes.withLock { String(buffer: $0) }, try store.objects(.response, ownedBy: "bwk_aaaaaaaaaaaa"))
    }

    @Test("a JSON answer is read whole: its own id is recorded, not an item's that comes first; the bytes pass unchanged")
    func jsonAnswer() async throws {
        let chunks = [#"{"output":[{"type":"message","id":"msg_1"}],"#, #""id":"resp_9","object":"response"}"#]
        let (relayed, owned) = try await Self.relay(chunks, eventStream: false)
        #expect(relayed == chunks.joined())
        #expect(owned.map(\.id) == ["resp_9"])
        #expect(owned.first?.deployment == "gpt-4o" && owned.first?.upstream == "eu")
    }

    @Test("a stream's first id is recorded as soon as it is read, split across chunks or not")
    func streamAnswer() async throws {
        let chunks = [
            "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"i",
            "d\":\"resp_7\",\"status\":\"in_progress\"}}\n\n", "event: response.completed\ndata: {}\n\n",
        ]
        let (relayed, owned) = try await Self.relay(chunks, eventStream: true)
        #expect(relayed == chunks.joined())
        #expect(owned.map(\.id) == ["resp_7"])
    }

    @Test("an answer without an id, or with one that is not an id, records nothing and is relayed as it is")
    func noID() async throws {
        let (relayed, owned) = try await Self.relay([#"{"object":"response","id":"../x"}"#], eventStream: false)
        #expect(relayed == #"{"object":"response","id":"../x"}"#)
        #expect(owned.isEmpty)
    }
}
