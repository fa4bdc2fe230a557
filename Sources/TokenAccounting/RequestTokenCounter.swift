public import BPE
public import Foundation

/// Estimates what an OpenAI-shaped request will use, from its JSON body, before it is forwarded: the prompt
/// counted with the deployment's encoding, plus its completion cap (`max_tokens`, `max_completion_tokens` or
/// `max_output_tokens`, the largest named) times the completions it asks for.
///
/// Chat messages are counted by OpenAI's rule (3 tokens per message, 1 per name, 3 to prime the reply); tool
/// definitions, tool calls and response formats by their JSON text; images at the most a standard-detail image can
/// take (1,445 tokens, 85 at `detail: low`). A request that names no cap reserves `defaultCompletionTokens`
/// (a legacy completion defaults to 16, as the service does). The estimate errs high; settlement with the upstream's
/// reported usage gives back what was not used.
public struct RequestTokenCounter: Sendable {
    /// Which API the body is for: they differ in where the prompt is and whether a completion follows.
    public enum RequestKind: Sendable, Hashable {
        /// `chat/completions`: `messages`.
        case chat
        /// Legacy `completions`: `prompt`, one or many.
        case completions
        /// `embeddings`: `input`; nothing is generated.
        case embeddings
        /// `responses`: `input` and `instructions`.
        case responses
    }

    /// Tokens an image is reserved at: the most a `high` or `auto` image takes once the service has scaled it
    /// (8 tiles of 170, plus 85), and a `low` one.
    static let imageTokens: Int64 = 1_445
    static let lowDetailImageTokens: Int64 = 85
    /// What the service generates for a legacy completion that names no `max_tokens`.
    static let legacyCompletionDefault: Int64 = 16

    public let encoding: BPEEncoding
    /// Reserved for a chat or responses request that names no completion cap.
    public let defaultCompletionTokens: Int64

    public init(encoding: BPEEncoding, defaultCompletionTokens: Int64) {
        self.encoding = encoding
        self.defaultCompletionTokens = defaultCompletionTokens
    }

    /// The estimate for `body`. A body that is not a JSON object is counted as text, with the default cap.
    public func estimate(_ body: Data, kind: RequestKind) -> TokenEstimate {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            let prompt = Int64(encoding.count(String(decoding: body, as: UTF8.self)))
            return TokenEstimate(prompt: prompt, completion: kind == .embeddings ? 0 : defaultCompletionTokens, completionDefaulted: true)
        }
        return estimate(object, kind: kind)
    }

    /// The estimate for a parsed body.
    public func estimate(_ object: [String: Any], kind: RequestKind) -> TokenEstimate {
        switch kind {
        case .chat:
            var prompt: Int64 = 3  // every reply is primed with <|start|>assistant<|message|>
            for message in object["messages"] as? [[String: Any]] ?? [] { prompt += chatMessage(message) }
            prompt += json(object["tools"]) + json(object["functions"]) + json(object["response_format"])
            return withCompletion(prompt: prompt, object, perPrompt: 1, fallback: defaultCompletionTokens)
        case .completions:
            let (prompt, prompts) = inputs(object["prompt"])
            return withCompletion(prompt: prompt, object, perPrompt: max(1, prompts), fallback: Self.legacyCompletionDefault)
        case .embeddings:
            return TokenEstimate(prompt: inputs(object["input"]).tokens, completion: 0)
        case .responses:
            var prompt = text(object["instructions"]) + json(object["tools"]) + json(object["text"])
            if let items = object["input"] as? [[String: Any]] {
                for item in items { prompt += responseItem(item) }
            } else {
                prompt += text(object["input"])
            }
            return withCompletion(prompt: prompt, object, perPrompt: 1, fallback: defaultCompletionTokens)
        }
    }

    // MARK: - Parts of a body

    /// One chat message: 3 tokens of framing, its role, its content (text, or parts), its name plus 1, and the JSON
    /// of any tool calls.
    private func chatMessage(_ message: [String: Any]) -> Int64 {
        var tokens: Int64 = 3 + text(message["role"])
        tokens += content(message["content"])
        if let name = message["name"] as? String { tokens += Int64(encoding.count(name)) + 1 }
        tokens += json(message["tool_calls"]) + json(message["function_call"])
        return tokens
    }

    /// A message's content: a string, or parts with `text` or an image.
    private func content(_ value: Any?) -> Int64 {
        if let string = value as? String { return Int64(encoding.count(string)) }
        guard let parts = value as? [[String: Any]] else { return 0 }
        return parts.reduce(0) { total, part in
            if let piece = part["text"] as? String { return total + Int64(encoding.count(piece)) }
            if let image = (part["image_url"] as? [String: Any]) ?? (part["type"] as? String == "input_image" ? part : nil) {
                return total + ((image["detail"] as? String) == "low" ? Self.lowDetailImageTokens : Self.imageTokens)
            }
            return total
        }
    }

    /// A Responses API input item: a message (content as text or parts) or another item, counted by its JSON.
    private func responseItem(_ item: [String: Any]) -> Int64 {
        if item["content"] != nil { return 3 + text(item["role"]) + content(item["content"]) }
        return json(item)
    }

    /// `prompt` or `input`: a string, strings, token ids, or lists of token ids; with how many prompts it holds.
    private func inputs(_ value: Any?) -> (tokens: Int64, count: Int64) {
        if let string = value as? String { return (Int64(encoding.count(string)), 1) }
        guard let items = value as? [Any] else { return (0, 0) }
        if items.allSatisfy({ $0 is NSNumber }) { return (Int64(items.count), 1) }
        var tokens: Int64 = 0
        for item in items {
            if let string = item as? String {
                tokens += Int64(encoding.count(string))
            } else if let ids = item as? [Any] {
                tokens += Int64(ids.count)
            }
        }
        return (tokens, Int64(items.count))
    }

    /// The completion: the largest explicit cap times the completions asked for (`n`, or `best_of` when larger: the
    /// service generates, and bills, all of them), once per prompt.
    private func withCompletion(prompt: Int64, _ object: [String: Any], perPrompt prompts: Int64, fallback: Int64) -> TokenEstimate {
        let caps = ["max_tokens", "max_completion_tokens", "max_output_tokens"].compactMap { whole(object[$0]) }
        let choices = max(1, whole(object["n"]) ?? 1, whole(object["best_of"]) ?? 1)
        let cap = caps.max() ?? fallback
        let (perPrompt, overflowA) = cap.multipliedReportingOverflow(by: choices)
        let (completion, overflowB) = perPrompt.multipliedReportingOverflow(by: prompts)
        return TokenEstimate(
            prompt: prompt, completion: overflowA || overflowB ? Int64.max / 2 : completion, completionDefaulted: caps.isEmpty)
    }

    /// JSON's `true` and `false` read as NSNumbers of this class, so `max_tokens: true` is not read as 1.
    private static let booleanType = type(of: NSNumber(value: true))

    private func text(_ value: Any?) -> Int64 {
        (value as? String).map { Int64(encoding.count($0)) } ?? 0
    }

    /// The tokens of a value's JSON text: tool definitions and calls, response formats.
    private func json(_ value: Any?) -> Int64 {
        guard let value, !(value is NSNull), JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { return 0 }
        return Int64(encoding.count(String(decoding: data, as: UTF8.self)))
    }

    /// A non-negative whole number, from JSON: `8`, not `8.5`, `true` or `"8"`.
    private func whole(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber, type(of: number) != Self.booleanType else { return nil }
        let double = number.doubleValue
        guard double >= 0, double.rounded() == double, double < 1e15 else { return nil }
        return Int64(double)
    }
}
