import PostureModel

/// Writes indented JSON straight into one byte buffer, in the layout of the JSON reports (two-space indent,
/// `"key" : value`, slashes unescaped). The caller writes members in sorted order, so a document keeps the key order
/// the Foundation encoder's `.sortedKeys` gave; no intermediate tree is built, so 100,000 findings cost one buffer.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// One entry per open container: whether it has a member yet.
    private var filled: [Bool] = []
    /// A key was just written: the next value follows it on the same line.
    private var afterKey = false

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        prefix()
        bytes.append(UInt8(ascii: "{"))
        filled.append(false)
    }

    mutating func endObject() { close(UInt8(ascii: "}")) }

    mutating func beginArray() {
        prefix()
        bytes.append(UInt8(ascii: "["))
        filled.append(false)
    }

    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the open object: the value written next is its value.
    mutating func key(_ name: String) {
        separate()
        quoted(name)
        append(" : ")
        afterKey = true
    }

    mutating func string(_ text: String) {
        prefix()
        quoted(text)
    }

    mutating func int(_ number: Int) {
        prefix()
        append(String(number))
    }

    mutating func int64(_ number: Int64) {
        prefix()
        append(String(number))
    }

    /// Whole numbers without a fraction (`2`, as the Foundation encoder writes them); NaN and infinities, which JSON
    /// cannot say, as null.
    mutating func double(_ number: Double) {
        prefix()
        if !number.isFinite {
            append("null")
        } else if number.rounded() == number, abs(number) < 1e15 {
            append(String(Int64(number)))
        } else {
            append(String(number))
        }
    }

    mutating func bool(_ flag: Bool) {
        prefix()
        append(flag ? "true" : "false")
    }

    mutating func null() {
        prefix()
        append("null")
    }

    // Members, for brevity at the call sites.

    mutating func member(_ name: String, _ text: String) {
        key(name)
        string(text)
    }

    /// A member that is always present: null when there is no value.
    mutating func member(_ name: String, _ text: String?) {
        key(name)
        if let text { string(text) } else { null() }
    }

    mutating func member(_ name: String, _ number: Int) {
        key(name)
        int(number)
    }

    mutating func member(_ name: String, _ flag: Bool) {
        key(name)
        bool(flag)
    }

    mutating func member(_ name: String, strings: [String]) {
        key(name)
        beginArray()
        for text in strings { string(text) }
        endArray()
    }

    /// A member written only when it has a value.
    mutating func optionalMember(_ name: String, _ text: String?) {
        if let text { member(name, text) }
    }

    mutating func optionalMember(_ name: String, _ number: Int?) {
        if let number { member(name, number) }
    }

    /// A configuration value as plain JSON, object members sorted; an unknown value as
    /// `{"$unknown": "<expression>", "reason": "..."}` so consumers can tell it from a real object.
    mutating func value(_ value: Value, depth: Int = 0) {
        guard depth < 256 else {
            null()
            return
        }
        switch value.kind {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let number): int64(number)
        case .double(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element, depth: depth + 1) }
            endArray()
        case .object(let members):
            beginObject()
            // Duplicate keys: the last wins, as a JSON reader would take it.
            var latest: [String: Value] = [:]
            for member in members { latest[member.key] = member.value }
            for name in latest.keys.sorted(by: Self.precedes) {
                key(name)
                if let member = latest[name] { self.value(member, depth: depth + 1) }
            }
            endObject()
        case .unknown(let unknown):
            beginObject()
            member("$unknown", unknown.expression)
            member("reason", unknown.reason)
            endObject()
        }
    }

    /// Key order of the reports: by UTF-8 bytes.
    static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    private mutating func prefix() {
        if afterKey {
            afterKey = false
        } else if !filled.isEmpty {
            separate()
        }
    }

    private mutating func separate() {
        if filled.last == true { bytes.append(UInt8(ascii: ",")) }
        if !filled.isEmpty { filled[filled.count - 1] = true }
        newline(indent: filled.count)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = filled.popLast() ?? false
        if hadMembers { newline(indent: filled.count) }
        bytes.append(bracket)
    }

    private mutating func newline(indent: Int) {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// A JSON string literal: the bytes as they are when nothing needs escaping (the common case, no copy of the
    /// text), else `Value.escape`'s escaping.
    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        if text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            append(Value.escape(text))
        } else {
            bytes.append(contentsOf: text.utf8)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
