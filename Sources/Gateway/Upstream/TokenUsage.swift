import Foundation
import NIOCore

/// The tokens an upstream reports it used for one call (`usage` in Azure OpenAI responses).
struct TokenUsage: Sendable, Equatable {
    var prompt: Int
    var completion: Int
    var total: Int
}

/// Finds the `usage` object in a response body as it streams past, without holding the body: it keeps
/// the last `capacity` bytes (and at most twice that). Azure OpenAI puts `usage` at the end of a JSON answer, and in the last
/// event of a stream (with `stream_options.include_usage`), so the tail is where it is.
struct TokenUsageTail: Sendable {
    let capacity: Int
    private var tail: [UInt8] = []

    init(capacity: Int = 64 * 1024) {
        self.capacity = capacity
    }

    mutating func append(_ buffer: ByteBuffer) {
        let bytes = buffer.readableBytesView
        if bytes.count >= capacity {
            tail = Array(bytes.suffix(capacity))
            return
        }
        tail.append(contentsOf: bytes)
        // Trimmed only when twice over, so a stream of small events costs amortised O(1) per byte.
        if tail.count > 2 * capacity { tail.removeFirst(tail.count - capacity) }
    }

    /// The last complete `"usage": {...}` object in the tail, if there is one with token counts.
    /// Inside a JSON string every `"` is escaped, so `"usage"` followed by `:` is always a key.
    func usage() -> TokenUsage? {
        let key = Array(#""usage""#.utf8)
        var searchEnd = tail.count
        while let keyStart = Self.lastIndex(of: key, in: tail[..<searchEnd]) {
            searchEnd = keyStart
            if let object = Self.objectAfterKey(tail, from: keyStart + key.count),
                let parsed = try? JSONSerialization.jsonObject(with: Data(object)) as? [String: Any],
                let usage = Self.usage(from: parsed)
            {
                return usage
            }
        }
        return nil
    }

    private static func usage(from object: [String: Any]) -> TokenUsage? {
        let prompt = (object["prompt_tokens"] as? NSNumber)?.intValue ?? (object["input_tokens"] as? NSNumber)?.intValue
        let completion = (object["completion_tokens"] as? NSNumber)?.intValue ?? (object["output_tokens"] as? NSNumber)?.intValue
        let total = (object["total_tokens"] as? NSNumber)?.intValue
        guard prompt != nil || completion != nil || total != nil else { return nil }
        return TokenUsage(prompt: prompt ?? 0, completion: completion ?? 0, total: total ?? (prompt ?? 0) + (completion ?? 0))
    }

    private static func lastIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.endIndex - needle.count
        while index >= haystack.startIndex {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }

    /// The bytes of the `{...}` object that follows `: ` at `start`, matched brace for brace (strings skipped).
    private static func objectAfterKey(_ bytes: [UInt8], from start: Int) -> ArraySlice<UInt8>? {
        var index = start
        while index < bytes.count, isJSONWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        while index < bytes.count, isJSONWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        let open = index
        var depth = 0
        var inString = false
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return bytes[open...index] }
            }
            index += 1
        }
        return nil
    }
}
