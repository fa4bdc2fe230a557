import SourceModel

/// Reads JSON as Azure Resource Manager accepts it: RFC 8259 plus `//` and `/* */` comments, a UTF-8 byte
/// order mark, CRLF line ends and trailing commas. Every value keeps the line and column where it starts.
///
/// The reader works on the raw UTF-8 bytes in a single pass. It never crashes on bad input: every problem is
/// a ``JSONSyntaxError`` that says what was expected and where.
public struct JSONReader: Sendable {
    /// Deeper nesting than this is refused rather than risking the stack.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 512) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON document.
    /// - Parameter bytes: the file's bytes, which must be UTF-8.
    /// - Returns: the root value.
    /// - Throws: ``JSONSyntaxError`` for invalid UTF-8, an empty document, or anything that is not JSON.
    public func read(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        if let offset = Self.firstInvalidUTF8Offset(bytes) {
            let position = Self.position(ofOffset: offset, in: bytes)
            throw JSONSyntaxError(
                code: .invalidUTF8, position: position,
                message: "invalid UTF-8 byte 0x\(String(bytes[offset], radix: 16, uppercase: true)); save the file as UTF-8"
            )
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var cursor = Cursor(bytes: buffer, maximumDepth: maximumDepth)
            return try cursor.readDocument()
        }
    }

    /// Parses a string (already known to be valid Unicode).
    public func read(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try read(Array(text.utf8))
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        // The standard library's validation is vectorised; only on failure do we look for the offending byte.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            let end = index + length
            if String(validating: bytes[index..<end], as: UTF8.self) == nil { return index }
            index = end
        }
        return nil
    }

    static func position(ofOffset offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var column = 1
        // A byte order mark is not a character anyone sees: columns start after it.
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) && offset >= 3 ? 3 : 0
        while index < offset {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourcePosition(line: line, column: column)
    }
}
