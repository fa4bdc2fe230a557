import Foundation
import PromptGuards

/// The texts of an inference request body that guards read, with where each came from so a redacted text can be
/// written back: chat `messages` of every role (string content or text parts, and the arguments of an assistant's
/// tool calls), completions `prompt`, embeddings `input`; Responses `instructions` and the texts of `input` (and
/// conversation `items`) items, function-call arguments included.
struct GuardedBody {
    enum Location {
        case content(message: Int)
        case part(message: Int, part: Int)
        case prompt(item: Int?)
        case input(item: Int?)
        /// Anywhere else in the body (Responses items, `instructions`): the keys and indices that lead to the text.
        case path([PathStep])
    }

    enum PathStep {
        case key(String)
        case index(Int)
    }

    private(set) var object: [String: Any]
    private(set) var messages: [GuardedMessage] = []
    private(set) var locations: [Location] = []

    /// Nil when the body is not a JSON object (the route has refused it already for v1; the deployment route
    /// forwards bodies as they are, so a non-object body has no text to guard).
    init?(_ data: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        self.object = object
        for (index, message) in (object["messages"] as? [[String: Any]] ?? []).enumerated() {
            let role = Self.role(message["role"] as? String)
            if let text = message["content"] as? String {
                append(role, text, .content(message: index))
            } else if let parts = message["content"] as? [[String: Any]] {
                for (partIndex, part) in parts.enumerated() {
                    if let text = part["text"] as? String { append(role, text, .part(message: index, part: partIndex)) }
                }
            }
            appendToolCallArguments(message, at: [.key("messages"), .index(index)])
        }
        for key in ["prompt", "input"] {
            let location: (Int?) -> Location = key == "prompt" ? { .prompt(item: $0) } : { .input(item: $0) }
            if let text = object[key] as? String { append(.user, text, location(nil)) }
            if let items = object[key] as? [Any] {
                for (index, item) in items.enumerated() {
                    if let text = item as? String { append(.user, text, location(index)) }
                }
            }
        }
        appendResponsesTexts(object)
    }

    mutating func append(_ role: InjectionDetector.Role, _ text: String, _ location: Location) {
        messages.append(GuardedMessage(role: role, text: text))
        locations.append(location)
    }

    /// Chat roles to guard roles: system and developer messages are trusted; tool and function results are
    /// read for indirect injection.
    static func role(_ name: String?) -> InjectionDetector.Role {
        switch name {
        case "system", "developer": .system
        case "assistant": .assistant
        case "tool", "function": .tool
        default: .user
        }
    }

    /// The arguments of an assistant message's `tool_calls` (and of the older `function_call`), as the assistant's.
    private mutating func appendToolCallArguments(_ message: [String: Any], at base: [PathStep]) {
        for (call, value) in (message["tool_calls"] as? [Any] ?? []).enumerated() {
            if let arguments = ((value as? [String: Any])?["function"] as? [String: Any])?["arguments"] as? String {
                append(.assistant, arguments, .path(base + [.key("tool_calls"), .index(call), .key("function"), .key("arguments")]))
            }
        }
        if let arguments = (message["function_call"] as? [String: Any])?["arguments"] as? String {
            append(.assistant, arguments, .path(base + [.key("function_call"), .key("arguments")]))
        }
    }

    /// The body with the texts at `changes` (by message index) replaced.
    func rewritten(_ changes: [Int: String]) -> Data? {
        var object = self.object
        var chat = object["messages"] as? [[String: Any]] ?? []
        var paths: [([PathStep], String)] = []
        for (index, text) in changes {
            switch locations[index] {
            case .content(let message):
                chat[message]["content"] = text
            case .part(let message, let part):
                var parts = chat[message]["content"] as? [[String: Any]] ?? []
                parts[part]["text"] = text
                chat[message]["content"] = parts
            case .path(let steps):
                paths.append((steps, text))
            case .prompt(let item), .input(let item):
                let key = if case .prompt = locations[index] { "prompt" } else { "input" }
                if let item, var items = object[key] as? [Any] {
                    items[item] = text
                    object[key] = items
                } else {
                    object[key] = text
                }
            }
        }
        if object["messages"] != nil { object["messages"] = chat }
        // After the chat messages are written back, so a path into them (a tool call's arguments) is kept.
        for (steps, text) in paths { object = Self.setting(text, at: steps[...], in: object) as? [String: Any] ?? object }
        return try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
    }
}
