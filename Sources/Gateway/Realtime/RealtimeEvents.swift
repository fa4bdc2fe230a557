import Foundation
import PromptGuards

/// The parts of Realtime API events the gateway reads or writes: client text (``guardedTexts(_:)``), the
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

    /// A text of a client event that guards read, and the keys and indices that lead to it.
    struct GuardedText {
        var message: GuardedMessage
        var path: [GuardedBody.PathStep]
    }

    /// The texts of a client event the guards read: the `instructions` of `session.update` (the session's) and of
    /// `response.create` (the response's), as system texts; the items of `conversation.item.create` and of a
    /// `response.create`'s `input`: a message's `input_text` (and `text`) parts under its role, a function call's
    /// `arguments` as the assistant's, a function call's `output` as a tool result.
    static func guardedTexts(_ event: [String: Any]) -> [GuardedText] {
        var texts: [GuardedText] = []
        switch event["type"] as? String {
        case "session.update":
            if let instructions = (event["session"] as? [String: Any])?["instructions"] as? String {
                texts.append(
                    GuardedText(message: GuardedMessage(role: .system, text: instructions), path: [.key("session"), .key("instructions")]))
            }
        case "response.create":
            guard let response = event["response"] as? [String: Any] else { break }
            if let instructions = response["instructions"] as? String {
                texts.append(
                    GuardedText(message: GuardedMessage(role: .system, text: instructions), path: [.key("response"), .key("instructions")]))
            }
            for (index, item) in (response["input"] as? [Any] ?? []).enumerated() {
                guard let item = item as? [String: Any] else { continue }
                texts += itemTexts(item, at: [.key("response"), .key("input"), .index(index)])
            }
        case "conversation.item.create":
            if let item = event["item"] as? [String: Any] { texts += itemTexts(item, at: [.key("item")]) }
        default:
            break
        }
        return texts
    }

    private static func itemTexts(_ item: [String: Any], at base: [GuardedBody.PathStep]) -> [GuardedText] {
        var texts: [GuardedText] = []
        let role = GuardedBody.role(item["role"] as? String)
        for (index, part) in (item["content"] as? [Any] ?? []).enumerated() {
            guard let part = part as? [String: Any], ["input_text", "text"].contains(part["type"] as? String ?? ""),
                let text = part["text"] as? String
            else { continue }
            texts.append(
                GuardedText(message: GuardedMessage(role: role, text: text), path: base + [.key("content"), .index(index), .key("text")]))
        }
        if let arguments = item["arguments"] as? String {
            texts.append(GuardedText(message: GuardedMessage(role: .assistant, text: arguments), path: base + [.key("arguments")]))
        }
        if let output = item["output"] as? String {
            texts.append(GuardedText(message: GuardedMessage(role: .tool, text: output), path: base + [.key("output")]))
        }
        return texts
    }

    /// The event with the texts at `changes` (indices into `texts`) replaced: a guard masked personal data or
    /// secrets in them.
    static func rewriting(_ event: [String: Any], texts: [GuardedText], _ changes: [Int: String]) -> [String: Any] {
        var event = event
        for (index, text) in changes where texts.indices.contains(index) {
            event = GuardedBody.setting(text, at: texts[index].path[...], in: event) as? [String: Any] ?? event
        }
        return event
    }

    /// Server events whose `delta` is output text (the beta and GA names, and audio transcripts).
    static let outputTextDeltas: Set<String> = [
        "response.text.delta", "response.output_text.delta", "response.audio_transcript.delta",
        "response.output_audio_transcript.delta",
    ]

    /// The transcript of the caller's spoken input (`conversation.item.input_audio_transcription.completed`), with the
    /// conversation item it belongs to: the only text of spoken input the gateway can read, so the guards read it.
    static func inputTranscript(_ event: [String: Any]) -> (item: String, text: String)? {
        guard event["type"] as? String == "conversation.item.input_audio_transcription.completed",
            let text = event["transcript"] as? String
        else { return nil }
        return (event["item_id"] as? String ?? "", text)
    }

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
            details: ["param": param, "content_filter_result": GatewayError.contentFilterResult(finding).foundationValue])
    }
}
