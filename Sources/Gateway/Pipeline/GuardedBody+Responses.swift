import PromptGuards

extension GuardedBody {
    /// Tool outputs the model is handed back: read for indirect injection as tool results.
    static let toolOutputTypes: Set<String> = [
        "function_call_output", "custom_tool_call_output", "computer_call_output", "local_shell_call_output", "mcp_call",
        "mcp_approval_response",
    ]

    /// Responses `instructions` (trusted, as a system message) and the items of `input` or of a conversation's
    /// `items`: a message's content (a string, or parts with `text`) under its role; a tool output's `output`; file
    /// and search `results` as documents; a function call's `arguments` as the assistant's. An item of a type not known here is passed on and its texts (`content`,
    /// `output`, `text`, `results`) are guarded as a document's.
    mutating func appendResponsesTexts(_ object: [String: Any]) {
        if let instructions = object["instructions"] as? String { append(.system, instructions, .path([.key("instructions")])) }
        for key in ["input", "items"] {
            guard let items = object[key] as? [Any] else { continue }
            for (index, value) in items.enumerated() {
                guard let item = value as? [String: Any] else { continue }
                let role: InjectionDetector.Role
                if let name = item["role"] as? String {
                    role = Self.role(name)
                } else if let type = item["type"] as? String, Self.toolOutputTypes.contains(type) {
                    role = .tool
                } else {
                    role = .document
                }
                let base: [PathStep] = [.key(key), .index(index)]
                for field in ["content", "output", "text"] {
                    if let text = item[field] as? String {
                        append(role, text, .path(base + [.key(field)]))
                    } else if let parts = item[field] as? [Any] {
                        appendParts(parts, role: role, path: base + [.key(field)])
                    }
                }
                if let results = item["results"] as? [Any] { appendParts(results, role: .document, path: base + [.key("results")]) }
                // A function or tool call the model made, handed back: its arguments are the assistant's text.
                if let arguments = item["arguments"] as? String { append(.assistant, arguments, .path(base + [.key("arguments")])) }
            }
        }
    }

    private mutating func appendParts(_ parts: [Any], role: InjectionDetector.Role, path: [PathStep]) {
        for (index, value) in parts.enumerated() {
            if let text = (value as? [String: Any])?["text"] as? String { append(role, text, .path(path + [.index(index), .key("text")])) }
        }
    }

    /// `value` with the text at `steps` replaced.
    static func setting(_ text: String, at steps: ArraySlice<PathStep>, in value: Any) -> Any {
        guard let step = steps.first else { return text }
        switch step {
        case .key(let key):
            guard var object = value as? [String: Any], let member = object[key] else { return value }
            object[key] = setting(text, at: steps.dropFirst(), in: member)
            return object
        case .index(let index):
            guard var items = value as? [Any], items.indices.contains(index) else { return value }
            items[index] = setting(text, at: steps.dropFirst(), in: items[index])
            return items
        }
    }
}
