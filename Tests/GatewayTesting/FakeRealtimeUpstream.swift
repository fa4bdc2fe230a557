import Foundation
import HTTPTypes
public import Hummingbird
public import HummingbirdWebSocket
public import Synchronization

/// A fake Azure OpenAI realtime endpoint on loopback (`/openai/realtime` and `/openai/v1/realtime` over WebSocket). It
/// records each upgrade (path and query, headers) and every event it received, and plays a model: it confirms
/// `conversation.item.create` with `conversation.item.created`, and answers `response.create` by repeating the last
/// input text as two `response.text.delta` events, then `response.text.done` and a `response.done` carrying `usage`
/// (10 input, 20 output, 30 total tokens); or with ``answer`` instead of the input, when set. `response.cancel` is recorded and answered with nothing.
/// Spoken input plays server voice detection: the `input_audio_buffer.append` chunks are "heard" as their base64 audio
/// decoded as UTF-8 text; `input_audio_buffer.commit` answers `input_audio_buffer.committed`, starts a response
/// (`response.created`), then sends the input's transcript
/// (`conversation.item.input_audio_transcription.completed`) and the response's deltas and `response.done`, in that
/// order, as Azure's server voice detection may. `conversation.item.delete` answers `conversation.item.deleted`.
public final class FakeRealtimeUpstream: Sendable {
    public struct Upgrade: Sendable {
        public var uri: String
        public var headers: [String: String]
    }

    public let upgrades = Mutex<[Upgrade]>([])
    public let events = Mutex<[String]>([])
    /// What the model answers, when set; otherwise it repeats the last input text.
    public let answer: Mutex<String?>
    /// When true, an upgrade is recorded and answered `503 Service Unavailable` instead (an upstream failing its
    /// handshakes).
    public let refusesUpgrades = Mutex(false)

    public init(answer: String? = nil) {
        self.answer = Mutex(answer)
    }

    /// The types of the events received, in order.
    public var eventTypes: [String] {
        events.withLock { events in
            events.compactMap { ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["type"] as? String }
        }
    }

    /// The fake listening on a loopback port of its own (HTTP/1.1 with WebSocket upgrades).
    public func application() -> some ApplicationProtocol {
        Application(
            router: Router(context: BasicWebSocketRequestContext.self), server: .http1WebSocketUpgrade(webSocketRouter: router()),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    public func router() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        for path in ["/openai/realtime", "/openai/v1/realtime"] {
            router.ws(RouterPath(path)) { [self] request, _ in
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                upgrades.withLock { $0.append(Upgrade(uri: request.uri.description, headers: headers)) }
                if refusesUpgrades.withLock({ $0 }) { throw HTTPError(.serviceUnavailable) }
                return .upgrade([:])
            } onUpgrade: { [self] inbound, outbound, _ in
                var lastText = ""
                var responses = 0
                var heard = ""
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    events.withLock { $0.append(text) }
                    let event = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
                    switch event["type"] as? String {
                    case "conversation.item.create":
                        let item = event["item"] as? [String: Any] ?? [:]
                        let parts = item["content"] as? [[String: Any]] ?? []
                        lastText = parts.compactMap { $0["text"] as? String }.joined(separator: " ")
                        try await outbound.write(.text(Self.json(["type": "conversation.item.created", "item": item])))
                    case "input_audio_buffer.append":
                        heard += String(decoding: Data(base64Encoded: event["audio"] as? String ?? "") ?? Data(), as: UTF8.self)
                    case "input_audio_buffer.commit":
                        responses += 1
                        let item = "item_audio_\(responses)", id = "resp_\(responses)"
                        try await outbound.write(.text(Self.json(["type": "input_audio_buffer.committed", "item_id": item])))
                        try await outbound.write(.text(Self.json(["type": "response.created", "response": ["id": id]])))
                        try await outbound.write(
                            .text(
                                Self.json([
                                    "type": "conversation.item.input_audio_transcription.completed", "item_id": item,
                                    "content_index": 0, "transcript": heard,
                                ])))
                        try await Self.respond(id: id, text: answer.withLock { $0 } ?? heard, outbound)
                        heard = ""
                    case "conversation.item.delete":
                        try await outbound.write(
                            .text(Self.json(["type": "conversation.item.deleted", "item_id": event["item_id"] as? String ?? ""])))
                    case "response.create":
                        responses += 1
                        let id = "resp_\(responses)"
                        try await outbound.write(.text(Self.json(["type": "response.created", "response": ["id": id]])))
                        try await Self.respond(id: id, text: answer.withLock { $0 } ?? lastText, outbound)
                    default:
                        break
                    }
                }
            }
        }
        return router
    }

    /// A response's text as two deltas, its `response.text.done` and its `response.done` with usage.
    static func respond(id: String, text: String, _ outbound: WebSocketOutboundWriter) async throws {
        let middle = text.index(text.startIndex, offsetBy: text.count / 2)
        for piece in [String(text[..<middle]), String(text[middle...])] {
            try await outbound.write(.text(json(["type": "response.text.delta", "response_id": id, "delta": piece])))
        }
        try await outbound.write(.text(json(["type": "response.text.done", "response_id": id, "text": text])))
        let usage: [String: Any] = ["input_tokens": 10, "output_tokens": 20, "total_tokens": 30]
        let output: [[String: Any]] = [["type": "message", "content": [["type": "text", "text": text]]]]
        try await outbound.write(
            .text(json(["type": "response.done", "response": ["id": id, "status": "completed", "output": output, "usage": usage]])))
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }
}
