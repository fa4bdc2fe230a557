import Foundation
import PromptGuards

/// The parts of Realtime API events the gateway reads or writes: client text in `conversation.item.create`, the
/// model's output text deltas, usage in `response.done`, and the error events the gateway sends itself.
enum RealtimeEvents {
    /// A client event parsed as a JSON object with a string `type`; nil for anything else.
    static func object(_ text: String) -> [String: Any]? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any], object["type"] is String
        else { return nil }
        return object
    }

    static func serialized(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The `input_text` (and `text`) parts of a `conversation.item.create` event's message item, with its role.
    static func inputTexts(_ event: [String: Any]) -> [GuardedMessage] {
        guard event["type"] as? String == "conversation.item.create", let item = event["item"] as? [String: Any] else { return [] }
        let role = GuardedBody.role(item["role"] as? String)
        return (item["content"] as? [[String: Any]] ?? []).compactMap { part in
            guard ["input_text", "text"].contains(part["type"] as? String ?? ""), let text = part["text"] as? String else { return nil }
            return GuardedMessage(role: role, text: text)
        }
    }

    /// The event with its input texts replaced, in order (a guard masked personal data or secrets in them).
    static func rewritingInputTexts(_ event: [String: Any], _ changes: [Int: String]) -> [String: Any] {
        var event = event
        guard var item = event["item"] as? [String: Any], var parts = item["content"] as? [[String: Any]] else { return event }
        var index = 0
        for position in parts.indices
        where ["input_text", "text"].contains(parts[position]["type"] as? String ?? "") && parts[position]["text"] is String {
            if let text = changes[index] { parts[position]["text"] = text }
            index += 1
        }
        item["content"] = parts
        event["item"] = item
        return event
    }

    /// Server events whose `delta` is output text (the beta and GA names, and audio transcripts).
    static let outputTextDeltas: Set<String> = [
        "response.text.delta", "response.output_text.delta", "response.audio_transcript.delta",
        "response.output_audio_transcript.delta",
    ]

    /// The output text of a server event, with the response it belongs to.
    static func outputDelta(_ event: [String: Any]) -> (response: String, text: String)? {
        guard let type = event["type"] as? String, outputTextDeltas.contains(type), let text = event["delta"] as? String else { return nil }
        return (event["response_id"] as? String ?? "", text)
    }

    /// The response a server event belongs to: `response_id`, or `response.id` (`response.created`, `response.done`).
    static func responseID(_ event: [String: Any]) -> String? {
        event["response_id"] as? String ?? (event["response"] as? [String: Any])?["id"] as? String
    }

    /// The usage of a `response.done` event (`input_tokens`, `output_tokens`, `total_tokens`).
    static func usage(_ event: [String: Any]) -> TokenUsage? {
        guard event["type"] as? String == "response.done", let usage = (event["response"] as? [String: Any])?["usage"] as? [String: Any]
        else { return nil }
        let input = (usage["input_tokens"] as? NSNumber)?.intValue ?? 0
        let output = (usage["output_tokens"] as? NSNumber)?.intValue ?? 0
        let total = (usage["total_tokens"] as? NSNumber)?.intValue ?? input + output
        return TokenUsage(prompt: input, completion: output, total: total)
    }

    /// A `response.done` whose output a guard withheld: the output removed, the status `cancelled` with reason
    /// `content_filter`; usage kept.
    static func withheld(_ event: [String: Any]) -> [String: Any] {
        var event = event
        guard var response = event["response"] as? [String: Any] else { return event }
        response["output"] = [Any]()
        response["status"] = "cancelled"
        response["status_details"] = ["type": "cancelled", "reason": "content_filter"]
        event["response"] = response
        return event
    }

    /// An error event in the Realtime API's shape, from the gateway (`event_id` names no client event).
    static func error(code: String, message: String, type: String = "invalid_request_error", details: [String: Any] = [:]) -> String {
        var error: [String: Any] = ["type": type, "code": code, "message": message, "param": NSNull(), "event_id": NSNull()]
        error.merge(details) { _, new in new }
        return serialized(["type": "error", "event_id": "event_bulwark_\(UUID().uuidString.lowercased())", "error": error])
    }

    /// A guard's refusal as an error event: code `content_filter` with Azure's `content_filter_result` entry.
    static func contentFilter(_ finding: GuardFinding, param: String) -> String {
        let refusal = GatewayError.contentFilter(finding, param: param)
        return error(
            code: refusal.code.rawValue, message: refusal.message,
            details: ["param": param, "content_filter_result": GatewayError.contentFilterResult(finding)])
    }
}
