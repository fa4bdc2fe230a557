public import BPE
import Foundation

/// Usage for streamed answers. A stream reports its usage only when the request asks
/// (`stream_options.include_usage`), in one extra event with no choices: the gateway asks on the client's behalf,
/// settles from that event and keeps it from the client, which did not ask for it. When a stream ends without usage
/// (an api-version without stream options, a client that went away), the relayed deltas are counted instead.
public enum StreamUsage {
    /// Asks a streamed request for its usage, unless the client asked already. Returns true when the body was
    /// changed, so the extra event is to be kept from the client.
    public static func requestUsage(in object: inout [String: Any]) -> Bool {
        guard object["stream"] as? Bool == true else { return false }
        var options = object["stream_options"] as? [String: Any] ?? [:]
        guard options["include_usage"] as? Bool != true else { return false }
        options["include_usage"] = true
        object["stream_options"] = options
        return true
    }

    /// Whether an api-version accepts `stream_options`: 2024-09-01-preview and every version after it, and the v1
    /// API (no api-version). Older versions refuse the field, so it is not added there.
    public static func acceptsStreamOptions(apiVersion: String?) -> Bool {
        guard let apiVersion else { return true }
        return apiVersion.prefix(10) >= "2024-09-01"
    }

    /// Whether an event's payload is the usage event a requested `include_usage` adds: no choices, and a usage object.
    public static func isUsageEvent(_ payload: [String: Any]) -> Bool {
        guard let choices = payload["choices"] as? [Any], choices.isEmpty else { return false }
        return payload["usage"] is [String: Any]
    }
}

/// Counts the completion tokens of relayed stream events, for a stream that ends without reporting usage. Each
/// delta is counted on its own, which is never fewer tokens than the text they make together.
public struct DeltaTokenCounter: Sendable {
    public let encoding: BPEEncoding
    public private(set) var tokens: Int64 = 0

    public init(encoding: BPEEncoding) {
        self.encoding = encoding
    }

    /// Adds one event's generated text: chat deltas (content, refusal, tool call arguments), legacy completion
    /// `text`, and Responses API `delta` events.
    public mutating func add(_ payload: [String: Any]) {
        for choice in payload["choices"] as? [[String: Any]] ?? [] {
            if let delta = choice["delta"] as? [String: Any] {
                add(delta["content"])
                add(delta["refusal"])
                add((delta["function_call"] as? [String: Any])?["arguments"])
                for call in delta["tool_calls"] as? [[String: Any]] ?? [] {
                    add((call["function"] as? [String: Any])?["arguments"])
                }
            }
            add(choice["text"])
        }
        if let type = payload["type"] as? String, type.hasSuffix(".delta") { add(payload["delta"]) }
    }

    private mutating func add(_ value: Any?) {
        if let text = value as? String, !text.isEmpty { tokens += Int64(encoding.count(text)) }
    }
}
