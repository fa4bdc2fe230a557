import Foundation
import NIOCore
import PromptGuards

/// Checks a streamed completion as it arrives: the upstream's Server-Sent Events are split into whole events, each
/// event's delta text is appended to what came before, and the guards read the new text together with the last
/// `overlap` characters, so a blocked term split across chunks is still caught, and caught before the event that
/// completes it is relayed. Work per event is bounded by the new text plus the overlap, so the whole stream is
/// checked in linear time.
struct StreamingCompletionFilter {
    static let overlap = 512

    /// nil: events are only split (to restore placeholders in whole events), not checked.
    let engine: GuardEngine?
    private var pending = ByteBuffer()
    private var recent = ""

    init(engine: GuardEngine?) {
        self.engine = engine
    }

    enum Outcome {
        /// Whole events to relay.
        case relay([ByteBuffer])
        /// Events to relay before the one that was blocked, and the finding.
        case blocked([ByteBuffer], GuardFinding)
    }

    mutating func feed(_ chunk: ByteBuffer) -> Outcome {
        var chunk = chunk
        pending.writeBuffer(&chunk)
        var ready: [ByteBuffer] = []
        while let end = Self.eventEnd(in: pending) {
            guard let event = pending.readSlice(length: end) else { break }
            let text = engine == nil ? "" : Self.deltaText(event)
            if let engine, !text.isEmpty {
                let window = recent + text
                if let finding = engine.checkCompletion(window) { return .blocked(ready, finding) }
                recent = String(window.suffix(Self.overlap))
            }
            ready.append(event)
        }
        pending.discardReadBytes()
        return .relay(ready)
    }

    /// Whatever is left when the upstream ends (an event without its blank line).
    mutating func remainder() -> ByteBuffer? {
        pending.readableBytes > 0 ? pending.readSlice(length: pending.readableBytes) : nil
    }

    /// The length up to and including the first blank line (`\n\n` or `\r\n\r\n`), if there is one.
    static func eventEnd(in buffer: ByteBuffer) -> Int? {
        let bytes = buffer.readableBytesView
        var previousNewline = false
        var offset = 0
        for byte in bytes {
            offset += 1
            if byte == UInt8(ascii: "\n") {
                if previousNewline { return offset }
                previousNewline = true
            } else if byte != UInt8(ascii: "\r") {
                previousNewline = false
            }
        }
        return nil
    }

    /// The JSON objects of one event's `data:` lines (`[DONE]` and anything that is not an object left out).
    static func payloads(_ event: ByteBuffer) -> [[String: Any]] {
        String(buffer: event).split(whereSeparator: \.isNewline).compactMap { line -> [String: Any]? in
            guard line.hasPrefix("data:") else { return nil }
            let payload = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            guard payload != "[DONE]" else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any]
        }
    }

    /// The concatenated `choices[].delta.content` (or `text`) of one event's `data:` lines, or the `delta` of a
    /// Responses `response.output_text.delta` event.
    static func deltaText(_ event: ByteBuffer) -> String {
        var text = ""
        for object in payloads(event) {
            if object["type"] as? String == "response.output_text.delta", let delta = object["delta"] as? String { text += delta }
            for choice in object["choices"] as? [[String: Any]] ?? [] {
                if let content = (choice["delta"] as? [String: Any])?["content"] as? String { text += content }
                if let piece = choice["text"] as? String { text += piece }
            }
        }
        return text
    }

    /// The event that ends a blocked stream: an error in Azure's content-filter shape, then `[DONE]`.
    static func errorEvent(_ finding: GuardFinding) -> ByteBuffer {
        let error = GatewayError.contentFilter(finding, param: "completion").body()
        return ByteBuffer(string: "data: \(String(decoding: error, as: UTF8.self))\n\ndata: [DONE]\n\n")
    }
}

/// Non-streamed completions: the whole answer is read (bounded), checked, and relayed, or replaced by the same
/// answer with each choice's content withheld and `finish_reason: content_filter`, as Azure OpenAI filters output.
enum BufferedCompletionFilter {
    static let limit = 16 * 1024 * 1024

    static func filtered(_ body: ByteBuffer, engine: GuardEngine) -> (ByteBuffer, GuardFinding?) {
        var capture = CompletionCapture()
        capture.append(body)
        guard let text = capture.text(), let finding = engine.checkCompletion(text),
            var object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
        else { return (body, nil) }
        let result = GatewayError.contentFilterResult(finding).foundationValue
        if object["object"] as? String == "response" {
            // A Responses answer: its text parts withheld, and marked incomplete for the content filter, as OpenAI does.
            object["output"] = (object["output"] as? [[String: Any]] ?? []).map { item in
                var item = item
                if let parts = item["content"] as? [[String: Any]] {
                    item["content"] = parts.map { part in
                        var part = part
                        if part["text"] != nil { part["text"] = "" }
                        return part
                    }
                }
                return item
            }
            object["status"] = "incomplete"
            object["incomplete_details"] = ["reason": "content_filter"]
            object["content_filter_results"] = result
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return (ByteBuffer(bytes: data), finding)
        }
        object["choices"] = (object["choices"] as? [[String: Any]] ?? []).map { choice in
            var choice = choice
            if var message = choice["message"] as? [String: Any] {
                message["content"] = NSNull()
                choice["message"] = message
            }
            if choice["text"] != nil { choice["text"] = "" }
            choice["finish_reason"] = "content_filter"
            choice["content_filter_results"] = result
            return choice
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return (ByteBuffer(bytes: data), finding)
    }
}
