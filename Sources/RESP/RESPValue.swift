public import NIOCore

/// One reply from a Redis server, in RESP2 or RESP3.
///
/// RESP2 replies use the first five cases; a connection that said `HELLO 3` also sees the RESP3 ones. Server errors
/// arrive here as ``error(_:)`` only inside aggregates (the items of an `EXEC`); a top-level error reply is thrown by
/// ``RESPConnection/send(_:timeout:)`` as ``RESPError/serverError(_:)``.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`: a short, line-safe string.
    case simpleString(String)
    /// `-ERR ...` (and RESP3's blob error `!`): the server's error message.
    case error(String)
    /// `:42`: a signed 64-bit integer.
    case integer(Int64)
    /// `$5\r\nhello`: binary-safe bytes, or `nil` for RESP2's null bulk string (`$-1`).
    case bulkString(ByteBuffer?)
    /// `*2 ...`: the items, or `nil` for RESP2's null array (`*-1`).
    case array([RESPValue]?)
    /// RESP3 `_`: null.
    case null
    /// RESP3 `,`: a double, including `inf`, `-inf` and `nan`.
    case double(Double)
    /// RESP3 `#t` / `#f`.
    case boolean(Bool)
    /// RESP3 `(`: an integer too large for 64 bits, as its decimal digits.
    case bigNumber(String)
    /// RESP3 `=`: text with a three-letter format (`txt`, `mkd`).
    case verbatimString(format: String, text: ByteBuffer)
    /// RESP3 `%`: key-value pairs in the server's order.
    case map([MapEntry])
    /// RESP3 `~`: an unordered collection, in the order the server sent it.
    case set([RESPValue])
    /// RESP3 `>`: an out-of-band message. The client drops these (it does not support pub/sub).
    case push([RESPValue])

    /// One key-value pair of a RESP3 map.
    public struct MapEntry: Sendable, Hashable {
        /// The entry's key.
        public var key: RESPValue
        /// The entry's value.
        public var value: RESPValue

        /// Makes a map entry.
        public init(key: RESPValue, value: RESPValue) {
            self.key = key
            self.value = value
        }
    }
}

extension RESPValue {
    /// Whether this is a null of either protocol (`$-1`, `*-1` or `_`).
    public var isNull: Bool {
        switch self {
        case .null, .bulkString(nil), .array(nil): return true
        default: return false
        }
    }

    /// The bytes of a bulk, simple or verbatim string; `nil` for anything else.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let buffer?): return Array(buffer.readableBytesView)
        case .verbatimString(_, let text): return Array(text.readableBytesView)
        case .simpleString(let string): return Array(string.utf8)
        default: return nil
        }
    }

    /// The value as UTF-8 text (lossy) for strings, and the decimal form of integers; `nil` for anything else.
    public var string: String? {
        switch self {
        case .bulkString(let buffer?): return String(buffer: buffer)
        case .verbatimString(_, let text): return String(buffer: text)
        case .simpleString(let string), .bigNumber(let string): return string
        case .integer(let value): return String(value)
        default: return nil
        }
    }

    /// The value as an integer: an integer reply, or a string holding a decimal integer (as `GET` returns a counter).
    public var int: Int64? {
        switch self {
        case .integer(let value): return value
        case .bulkString, .simpleString: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// The items of an array, set or push; `nil` for anything else, including a null array.
    public var array: [RESPValue]? {
        switch self {
        case .array(let items?), .set(let items), .push(let items): return items
        default: return nil
        }
    }
}

extension RESPValue: CustomStringConvertible {
    /// A short rendering for logs and test failures; bulk strings show their length, not their bytes.
    public var description: String {
        switch self {
        case .simpleString(let string): return "+\(string)"
        case .error(let message): return "-\(message)"
        case .integer(let value): return ":\(value)"
        case .bulkString(nil), .array(nil), .null: return "(nil)"
        case .bulkString(let buffer?): return "$\(buffer.readableBytes) bytes"
        case .array(let items?): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .double(let value): return ",\(value)"
        case .boolean(let value): return "#\(value ? "t" : "f")"
        case .bigNumber(let digits): return "(\(digits)"
        case .verbatimString(let format, let text): return "=\(format):\(text.readableBytes) bytes"
        case .map(let entries): return "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .set(let items): return "~[" + items.map(\.description).joined(separator: ", ") + "]"
        case .push(let items): return ">[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
