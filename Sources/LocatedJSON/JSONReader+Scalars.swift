import SourceModel

extension JSONReader.Cursor {
    /// Reads a string literal starting at the opening quote. The common case, a run with no escapes, becomes a
    /// String straight from the bytes.
    mutating func readString() throws(JSONSyntaxError) -> String {
        let openingQuote = position
        offset += 1
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacterError(byte) }
            if byte & 0xC0 == 0x80 { continuationBytesOnLine += 1 }
            offset += 1
        }
        guard offset < bytes.count else { throw unterminatedString(openingQuote) }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &scratch)
            case 0..<0x20:
                throw controlCharacterError(byte)
            default:
                if byte & 0xC0 == 0x80 { continuationBytesOnLine += 1 }
                scratch.append(byte)
                offset += 1
            }
        }
        throw unterminatedString(openingQuote)
    }

    private func unterminatedString(_ start: SourcePosition) -> JSONSyntaxError {
        JSONSyntaxError(code: .unexpectedEnd, position: start, message: "expected '\"' to close the string that starts here, found end of file")
    }

    private func controlCharacterError(_ byte: UInt8) -> JSONSyntaxError {
        let what = byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            ? "a line break" : "control character 0x\(String(byte, radix: 16, uppercase: true))"
        return failure(.controlCharacterInString, "expected '\"' to close the string, found \(what); escape it as \\n or \\u00XX")
    }

    private mutating func readEscape(into scratch: inout [UInt8]) throws(JSONSyntaxError) {
        guard offset + 1 < bytes.count else {
            throw failure(.unexpectedEnd, "expected an escape character after '\\', found end of file")
        }
        let escape = bytes[offset + 1]
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            offset += 2
            var scalar = try readHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw failure(.invalidEscape, "expected a low surrogate '\\uDC00'...'\\uDFFF' after a high surrogate")
                }
                offset += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw failure(.invalidEscape, "expected a low surrogate '\\uDC00'...'\\uDFFF' after a high surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw failure(.invalidEscape, "expected a high surrogate before low surrogate \\u\(String(scalar, radix: 16, uppercase: true))")
            }
            scratch.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            return
        default:
            throw failure(.invalidEscape, "expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found \\\(Character(Unicode.Scalar(escape)))")
        }
        offset += 2
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else {
            throw failure(.invalidEscape, "expected four hex digits after '\\u'")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidEscape, "expected four hex digits after '\\u', found \(foundDescription())")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Reads an RFC 8259 number. Integers that fit in 64 bits stay exact; everything else becomes a Double.
    mutating func readNumber() throws(JSONSyntaxError) -> JSONValue.Kind {
        let start = offset
        var isInteger = true
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else {
            throw failure(.invalidNumber, "expected a digit after '-', found \(foundDescription())")
        }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) {
                throw failure(.invalidNumber, "expected no leading zeros in a number")
            }
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw failure(.invalidNumber, "expected a digit after the decimal point, found \(foundDescription())")
            }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw failure(.invalidNumber, "expected a digit in the exponent, found \(foundDescription())")
            }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        if isInteger, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else {
            offset = start
            throw failure(.invalidNumber, "expected a number that fits in a double, found \(text)")
        }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
