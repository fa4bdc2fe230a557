import Foundation
import NIOCore

/// Keeps the first `limit` bytes of an upstream answer, for content logging, and reads the completion text out
/// of them: the choices' message content (or `text`) of a JSON answer, or the concatenated deltas of a stream; for the
/// Responses API, the output text parts, or the `response.output_text.delta` events.
struct CompletionCapture {
    static let limit = 256 * 1024

    private var buffer = ByteBuffer()
    private(set) var truncated = false

    mutating func append(_ chunk: ByteBuffer) {
        let room = Self.limit - buffer.readableBytes
        guard room > 0 else { truncated = true; return }
        var chunk = chunk
        if chunk.readableBytes > room {
            truncated = true
            chunk = chunk.getSlice(at: chunk.readerIndex, length: room) ?? chunk
        }
        buffer.writeImmutableBuffer(chunk)
    }

    /// The completion text, or nil when the answer carries none (embeddings) or is not JSON or SSE.
    func text() -> String? {
        let body = String(buffer: buffer)
        var pieces: [String] = []
        if body.hasPrefix("data:") || body.contains("\ndata:") {
            for line in body.split(separator: "\n") where line.hasPrefix("data:") {
                let payload = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                guard payload != "[DONE]", let object = Self.object(payload) else { continue }
                for choice in object["choices"] as? [[String: Any]] ?? [] {
                    if let content = (choice["delta"] as? [String: Any])?["content"] as? String { pieces.append(content) }
                    if let text = choice["text"] as? String { pieces.append(text) }
                }
                if object["type"] as? String == "response.output_text.delta", let delta = object["delta"] as? String {
                    pieces.append(delta)
                }
            }
        } else if let object = Self.object(body), object["object"] as? String == "response" {
            pieces = Self.responseTexts(object)
        } else if let object = Self.object(body) {
            for choice in object["choices"] as? [[String: Any]] ?? [] {
                if let content = (choice["message"] as? [String: Any])?["content"] as? String { pieces.append(content) }
                if let text = choice["text"] as? String { pieces.append(text) }
            }
        }
        guard !pieces.isEmpty else { return nil }
        return pieces.joined() + (truncated ? " [truncated]" : "")
    }

    /// The `output_text` parts of a Responses API answer's message items.
    static func responseTexts(_ object: [String: Any]) -> [String] {
        (object["output"] as? [[String: Any]] ?? []).flatMap { item in
            (item["content"] as? [[String: Any]] ?? []).compactMap { part in
                part["type"] as? String == "output_text" ? part["text"] as? String : nil
            }
        }
    }

    private static func object(_ text: some StringProtocol) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}
