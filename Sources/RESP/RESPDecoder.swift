public import NIOCore

/// Reads RESP2 and RESP3 replies from bytes as they arrive: a pure, incremental state machine.
///
/// Call ``decode(buffer:)`` whenever bytes arrive; it returns each complete reply and leaves an incomplete one's
/// bytes in the buffer (or keeps the aggregates it has begun), so a frame may be split anywhere. Input that is not
/// RESP, or larger than ``Limits``, throws ``RESPError/protocolError``; the decoder never traps on input. After it
/// throws, the stream is out of step and the connection must be closed.
public struct RESPDecoder: Sendable {
    /// Bounds that keep a broken or hostile server from making the client allocate without limit.
    public struct Limits: Sendable, Hashable {
        /// The longest bulk, verbatim or blob-error string accepted (Redis's own `proto-max-bulk-len` is 512 MiB).
        public var maxBulkLength: Int
        /// The most items one array, set, push or map (pairs) may announce.
        public var maxAggregateCount: Int
        /// The deepest nesting of aggregates.
        public var maxDepth: Int
        /// The longest line (simple string, error, number) accepted.
        public var maxLineLength: Int

        /// Makes limits; the defaults fit any reply a rate-limit store sends, with room to spare.
        public init(
            maxBulkLength: Int = 64 * 1024 * 1024, maxAggregateCount: Int = 1 << 20, maxDepth: Int = 32,
            maxLineLength: Int = 64 * 1024
        ) {
            self.maxBulkLength = maxBulkLength
            self.maxAggregateCount = maxAggregateCount
            self.maxDepth = maxDepth
            self.maxLineLength = maxLineLength
        }
    }

    private enum AggregateKind: Sendable { case array, map, set, push, attribute }

    /// An aggregate whose header has been read and whose items are still arriving.
    private struct Frame: Sendable {
        var kind: AggregateKind
        var remaining: Int
        var items: [RESPValue]
    }

    private enum Element {
        case value(RESPValue)
        case aggregate(AggregateKind, count: Int)
    }

    /// The limits this decoder enforces.
    public let limits: Limits
    private var stack: [Frame] = []

    /// Makes a decoder with the given limits.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Whether part of a reply has been read (an aggregate begun) and the rest is awaited.
    public var isMidReply: Bool { !stack.isEmpty }

    /// Returns the next complete reply, consuming its bytes, or `nil` when more bytes are needed.
    /// - Parameter buffer: the bytes received and not yet consumed.
    /// - Returns: one reply, or `nil` if the buffer ends inside one.
    /// - Throws: ``RESPError/protocolError`` for malformed input or input beyond ``limits``.
    public mutating func decode(buffer: inout ByteBuffer) throws(RESPError) -> RESPValue? {
        reading: while true {
            guard let element = try readElement(&buffer) else { return nil }
            var completed: RESPValue?
            switch element {
            case .value(let value):
                completed = value
            case .aggregate(let kind, let count) where count == 0:
                completed = Self.build(kind, items: [])
            case .aggregate(let kind, let count):
                guard stack.count < limits.maxDepth else {
                    throw .protocolError("aggregates nested deeper than \(limits.maxDepth)")
                }
                let items = kind == .map || kind == .attribute ? count * 2 : count
                var frame = Frame(kind: kind, remaining: items, items: [])
                frame.items.reserveCapacity(min(items, 1024))
                stack.append(frame)
                continue reading
            }
            // An attribute (RESP3 `|`) describes the element after it; it is read and dropped.
            while let value = completed {
                guard var top = stack.popLast() else { return value }
                top.items.append(value)
                top.remaining -= 1
                if top.remaining > 0 {
                    stack.append(top)
                    continue reading
                }
                completed = Self.build(top.kind, items: top.items)
            }
        }
    }

    private static func build(_ kind: AggregateKind, items: [RESPValue]) -> RESPValue? {
        switch kind {
        case .array: return .array(items)
        case .set: return .set(items)
        case .push: return .push(items)
        case .attribute: return nil
        case .map:
            var entries: [RESPValue.MapEntry] = []
            entries.reserveCapacity(items.count / 2)
            var index = 0
            while index + 1 < items.count {
                entries.append(RESPValue.MapEntry(key: items[index], value: items[index + 1]))
                index += 2
            }
            return .map(entries)
        }
    }

    private enum LineScan { case incomplete, tooLong, badTerminator, line(end: Int) }

    /// Finds the `\r\n` ending the line that starts at the reader index (after its type byte).
    private func scanLine(_ buffer: ByteBuffer) -> LineScan {
        let maxEnd = limits.maxLineLength + 2
        return buffer.withUnsafeReadableBytes { bytes -> LineScan in
            var index = 1
            let limit = min(bytes.count, maxEnd)
            while index < limit {
                switch bytes[index] {
                case UInt8(ascii: "\r"):
                    guard index + 1 < bytes.count else { return .incomplete }
                    return bytes[index + 1] == UInt8(ascii: "\n") ? .line(end: index) : .badTerminator
                case UInt8(ascii: "\n"):
                    return .badTerminator
                default:
                    index += 1
                }
            }
            return bytes.count >= maxEnd ? .tooLong : .incomplete
        }
    }

    /// Reads one scalar, or one aggregate header, consuming nothing when it is incomplete.
    private func readElement(_ buffer: inout ByteBuffer) throws(RESPError) -> Element? {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        let end: Int
        switch scanLine(buffer) {
        case .incomplete: return nil
        case .tooLong: throw .protocolError("a line longer than \(limits.maxLineLength) bytes")
        case .badTerminator: throw .protocolError("a line not ended by CRLF")
        case .line(let lineEnd): end = lineEnd
        }
        let line = buffer.getSlice(at: buffer.readerIndex + 1, length: end - 1)!
        let headerLength = end + 2
        switch type {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "#"),
            UInt8(ascii: "("), UInt8(ascii: "_"):
            let value = try Self.scalar(type, line)
            buffer.moveReaderIndex(forwardBy: headerLength)
            return .value(value)
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            if line.readableBytes == 1, line.getInteger(at: line.readerIndex, as: UInt8.self) == UInt8(ascii: "?") {
                throw .protocolError("streamed strings are not supported")
            }
            let length = try Self.integer(line, what: "a string length")
            if length == -1 && type == UInt8(ascii: "$") {
                buffer.moveReaderIndex(forwardBy: headerLength)
                return .value(.bulkString(nil))
            }
            guard length >= 0 else { throw .protocolError("a negative string length") }
            guard length <= limits.maxBulkLength else {
                throw .protocolError("a string of \(length) bytes, over the limit of \(limits.maxBulkLength)")
            }
            guard buffer.readableBytes >= headerLength + Int(length) + 2 else { return nil }
            let bodyStart = buffer.readerIndex + headerLength
            let body = buffer.getSlice(at: bodyStart, length: Int(length))!
            guard buffer.getInteger(at: bodyStart + Int(length), as: UInt16.self) == 0x0D0A else {
                throw .protocolError("a string not ended by CRLF")
            }
            let value = try Self.blob(type, body)
            buffer.moveReaderIndex(forwardBy: headerLength + Int(length) + 2)
            return .value(value)
        case UInt8(ascii: "*"), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "|"):
            let count = try Self.integer(line, what: "an aggregate length")
            if count == -1 && type == UInt8(ascii: "*") {
                buffer.moveReaderIndex(forwardBy: headerLength)
                return .value(.array(nil))
            }
            guard count >= 0 else { throw .protocolError("a negative aggregate length") }
            guard count <= limits.maxAggregateCount else {
                throw .protocolError("an aggregate of \(count) items, over the limit of \(limits.maxAggregateCount)")
            }
            buffer.moveReaderIndex(forwardBy: headerLength)
            let kinds: [UInt8: AggregateKind] = [
                UInt8(ascii: "*"): .array, UInt8(ascii: "%"): .map, UInt8(ascii: "~"): .set, UInt8(ascii: ">"): .push,
                UInt8(ascii: "|"): .attribute,
            ]
            return .aggregate(kinds[type]!, count: Int(count))
        default:
            throw .protocolError("an unknown type byte 0x\(String(type, radix: 16))")
        }
    }

    private static func scalar(_ type: UInt8, _ line: ByteBuffer) throws(RESPError) -> RESPValue {
        let text = String(buffer: line)
        switch type {
        case UInt8(ascii: "+"): return .simpleString(text)
        case UInt8(ascii: "-"): return .error(text)
        case UInt8(ascii: ":"): return .integer(try integer(line, what: "an integer"))
        case UInt8(ascii: ","):
            guard let value = Double(text), !text.isEmpty, text.allSatisfy({ !$0.isWhitespace }) else {
                throw .protocolError("a malformed double")
            }
            return .double(value)
        case UInt8(ascii: "#"):
            switch text {
            case "t": return .boolean(true)
            case "f": return .boolean(false)
            default: throw .protocolError("a boolean other than t or f")
            }
        case UInt8(ascii: "("):
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .protocolError("a malformed big number")
            }
            return .bigNumber(text)
        default:
            guard line.readableBytes == 0 else { throw .protocolError("a null with content") }
            return .null
        }
    }

    private static func blob(_ type: UInt8, _ body: ByteBuffer) throws(RESPError) -> RESPValue {
        switch type {
        case UInt8(ascii: "$"): return .bulkString(body)
        case UInt8(ascii: "!"): return .error(String(buffer: body))
        default:
            guard body.readableBytes >= 4, body.getInteger(at: body.readerIndex + 3, as: UInt8.self) == UInt8(ascii: ":") else {
                throw .protocolError("a verbatim string without a format")
            }
            let format = String(buffer: body.getSlice(at: body.readerIndex, length: 3)!)
            return .verbatimString(format: format, text: body.getSlice(at: body.readerIndex + 4, length: body.readableBytes - 4)!)
        }
    }

    /// Parses a decimal Int64 (an optional `-`, then digits), refusing overflow and anything else.
    static func integer(_ line: ByteBuffer, what: String) throws(RESPError) -> Int64 {
        var bytes = line.readableBytesView[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.count <= 19 else { throw .protocolError("a malformed \(what)") }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .protocolError("a malformed \(what)") }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw .protocolError("\(what) out of range") }
            value = sum
        }
        // Accumulated as a negative number so Int64.min parses; flip for positives.
        if negative { return value }
        guard value != .min else { throw .protocolError("\(what) out of range") }
        return -value
    }
}
