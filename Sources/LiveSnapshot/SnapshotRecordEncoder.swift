import PostureModel

/// One record as one line of a `.jsonl` file: compact JSON, object keys sorted by their UTF-8 bytes (duplicates
/// kept in their order), strings and numbers as collected, non-ASCII text as UTF-8, no line break inside. The same
/// value always gives the same bytes, which makes snapshots diffable and their hashes stable.
struct SnapshotRecordEncoder {
    /// Deeper nesting than this is refused: JSON read by Bulwark never nests deeper (its reader stops at 512).
    static let maximumDepth = 512

    /// Appends `value` to `bytes`.
    /// - Returns: false when the value nests deeper than ``maximumDepth`` (`bytes` then holds a partial line).
    static func append(_ value: Value, to bytes: inout [UInt8]) -> Bool {
        append(value, to: &bytes, depth: 0)
    }

    /// The record's line, without the line end, or nil when it nests too deep.
    static func line(_ value: Value) -> [UInt8]? {
        var bytes: [UInt8] = []
        return append(value, to: &bytes) ? bytes : nil
    }

    private static func append(_ value: Value, to bytes: inout [UInt8], depth: Int) -> Bool {
        guard depth <= maximumDepth else { return false }
        switch value.kind {
        case .null, .unknown:
            // A collected estate has no unknowns; should one reach the writer, it is written as absent knowledge.
            bytes += "null".utf8
        case .bool(let flag): bytes += (flag ? "true" : "false").utf8
        case .integer(let number): bytes += String(number).utf8
        case .double(let number):
            // Swift prints the shortest text that reads back as the same double; JSON has no NaN or infinity.
            bytes += (number.isFinite ? number.description : "null").utf8
        case .string(let text): appendString(text, to: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                guard append(element, to: &bytes, depth: depth + 1) else { return false }
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in sortedMembers(members).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                guard append(member.value, to: &bytes, depth: depth + 1) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// Members in UTF-8 byte order of their keys; members with the same key keep their order (a stable sort).
    static func sortedMembers(_ members: [Value.Member]) -> [Value.Member] {
        members.enumerated().sorted { left, right in
            if left.element.key == right.element.key { return left.offset < right.offset }
            return left.element.key.utf8.lexicographicallyPrecedes(right.element.key.utf8)
        }.map(\.element)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                bytes += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
