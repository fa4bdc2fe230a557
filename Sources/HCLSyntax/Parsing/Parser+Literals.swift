extension Parser {
    /// The text a literal template token stands for: heredoc indentation dropped, `$${` and `%%{` unescaped, and in
    /// quoted strings the backslash escapes decoded (a bad escape is reported and kept as written).
    mutating func decode(_ token: Token) -> String {
        let start = token.start + token.indentToDrop
        let bytes = text.bytes[start..<token.end]
        guard bytes.contains(UInt8(ascii: "\\")) || bytes.contains(UInt8(ascii: "$")) || bytes.contains(UInt8(ascii: "%"))
        else { return text.string(start, token.end) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = start
        while index < token.end {
            let byte = text[index]
            if (byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%")) && text[index + 1] == byte && text[index + 2] == UInt8(ascii: "{") {
                output.append(byte)
                output.append(UInt8(ascii: "{"))
                index += 3
            } else if byte == UInt8(ascii: "\\") && !token.isHeredocLiteral {
                index = decodeEscape(at: index, end: token.end, into: &output)
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes the escape at `index` (a backslash); returns the offset after it.
    private mutating func decodeEscape(at index: Int, end: Int, into output: inout [UInt8]) -> Int {
        let letter = text[index + 1]
        let simple: UInt8? =
            switch letter {
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            case UInt8(ascii: "\""): UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
            default: nil
            }
        if let simple, index + 1 < end {
            output.append(simple)
            return index + 2
        }
        let digits = letter == UInt8(ascii: "u") ? 4 : letter == UInt8(ascii: "U") ? 8 : 0
        if digits > 0, index + 2 + digits <= end,
            let value = UInt32(text.string(index + 2, index + 2 + digits), radix: 16),
            let scalar = Unicode.Scalar(value)
        {
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
            return index + 2 + digits
        }
        let badEnd = min(index + 2 + digits, end)
        let written = text.string(index, max(badEnd, min(index + 2, end)))
        errors.append(
            HCLSyntaxError(
                code: .invalidEscape, range: text.range(index, max(badEnd, min(index + 2, end))),
                message:
                    "invalid escape '\(written)': use \\n, \\r, \\t, \\\", \\\\, \\uNNNN or \\UNNNNNNNN (write '\\\\' for a backslash)"))
        output.append(UInt8(ascii: "\\"))
        return index + 1
    }
}
