public import NIOCore

/// A command for the server: an array of binary-safe bulk strings, the name first (`["SET", key, value]`).
///
/// Arguments are bytes, never interpreted; strings are sent as UTF-8, integers in decimal.
public struct RESPCommand: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The command's words, the name first.
    public var arguments: [ByteBuffer]

    /// Makes a command from byte buffers.
    public init(_ arguments: [ByteBuffer]) {
        self.arguments = arguments
    }

    /// Makes a command from arguments that may mix strings, bytes and integers.
    public init(_ arguments: [RESPArgument]) {
        self.arguments = arguments.map(\.buffer)
    }

    /// Makes a command from strings, sent as UTF-8.
    public init(_ arguments: [String]) {
        self.arguments = arguments.map { ByteBuffer(string: $0) }
    }

    /// Makes a command from raw bytes.
    public init(_ arguments: [[UInt8]]) {
        self.arguments = arguments.map { ByteBuffer(bytes: $0) }
    }

    /// Makes a command from a literal: `["SET", RESPArgument(key), 42]`.
    public init(arrayLiteral elements: RESPArgument...) {
        self.init(elements)
    }

    /// The command's name in upper case (`GET`), the only part of a command that may be logged.
    public var name: String {
        guard let first = arguments.first else { return "" }
        return String(buffer: first).uppercased()
    }

    /// Appends the command as RESP (`*N\r\n` then `$len\r\nbytes\r\n` per argument) to `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeString(String(arguments.count))
        buffer.writeStaticString("\r\n")
        for argument in arguments {
            buffer.writeInteger(UInt8(ascii: "$"))
            buffer.writeString(String(argument.readableBytes))
            buffer.writeStaticString("\r\n")
            buffer.writeImmutableBuffer(argument)
            buffer.writeStaticString("\r\n")
        }
    }

    /// How many bytes ``encode(into:)`` writes, to reserve capacity once.
    var encodedSize: Int {
        arguments.reduce(16) { $0 + $1.readableBytes + 16 }
    }
}

/// One argument of a ``RESPCommand``: bytes, from a string, a byte array, a buffer or an integer.
public struct RESPArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The argument's bytes.
    public var buffer: ByteBuffer

    /// The UTF-8 bytes of a string.
    public init(_ string: String) { buffer = ByteBuffer(string: string) }
    /// Raw bytes.
    public init(_ bytes: [UInt8]) { buffer = ByteBuffer(bytes: bytes) }
    /// The readable bytes of a buffer.
    public init(_ buffer: ByteBuffer) { self.buffer = buffer }
    /// An integer in decimal, as Redis reads counts and expiries.
    public init(_ value: Int) { buffer = ByteBuffer(string: String(value)) }

    /// A string literal's UTF-8 bytes.
    public init(stringLiteral value: String) { self.init(value) }
    /// An integer literal in decimal.
    public init(integerLiteral value: Int) { self.init(value) }
}
