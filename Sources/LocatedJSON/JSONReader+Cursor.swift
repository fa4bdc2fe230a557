import SourceModel

extension JSONReader {
    /// The parsing state over one buffer. Lines are counted as bytes are consumed; a column is the number of
    /// Unicode scalars since the start of the line, so multi-byte characters are counted once.
    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let maximumDepth: Int
        var offset = 0
        var line = 1
        var lineStart = 0
        /// UTF-8 continuation bytes seen since `lineStart`, subtracted to turn byte columns into scalar columns.
        var continuationBytesOnLine = 0
        var depth = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
        }

        var position: SourcePosition {
            SourcePosition(line: line, column: offset - lineStart - continuationBytesOnLine + 1)
        }

        mutating func readDocument() throws(JSONSyntaxError) -> JSONValue {
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                offset = 3
                lineStart = 3
            }
            try skipWhitespaceAndComments()
            guard offset < bytes.count else {
                throw JSONSyntaxError(
                    code: .emptyInput, position: position,
                    message: "expected a JSON value, found an empty file"
                )
            }
            let root = try readValue()
            try skipWhitespaceAndComments()
            guard offset >= bytes.count else {
                throw failure(.trailingContent, "expected end of file after the top-level value")
            }
            return root
        }

        func failure(_ code: JSONSyntaxError.Code, _ message: String) -> JSONSyntaxError {
            JSONSyntaxError(code: code, position: position, message: message)
        }

        func foundDescription() -> String {
            guard offset < bytes.count else { return "end of file" }
            let byte = bytes[offset]
            if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }

        mutating func newline(after index: Int) {
            line += 1
            lineStart = index + 1
            continuationBytesOnLine = 0
        }

        mutating func skipWhitespaceAndComments() throws(JSONSyntaxError) {
            while offset < bytes.count {
                let byte = bytes[offset]
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    offset += 1
                case UInt8(ascii: "\n"):
                    newline(after: offset)
                    offset += 1
                case UInt8(ascii: "\r"):
                    if offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "\n") { offset += 1 }
                    newline(after: offset)
                    offset += 1
                case UInt8(ascii: "/"):
                    try skipComment()
                default:
                    return
                }
            }
        }

        mutating func skipComment() throws(JSONSyntaxError) {
            let start = position
            guard offset + 1 < bytes.count else {
                throw failure(.unexpectedCharacter, "expected a value; '/' starts a comment only as '//' or '/*'")
            }
            switch bytes[offset + 1] {
            case UInt8(ascii: "/"):
                offset += 2
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n"), bytes[offset] != UInt8(ascii: "\r") {
                    if bytes[offset] & 0xC0 == 0x80 { continuationBytesOnLine += 1 }
                    offset += 1
                }
            case UInt8(ascii: "*"):
                offset += 2
                while true {
                    guard offset < bytes.count else {
                        throw JSONSyntaxError(
                            code: .unterminatedComment, position: start,
                            message: "expected '*/' to close the comment opened here"
                        )
                    }
                    let byte = bytes[offset]
                    if byte == UInt8(ascii: "*"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "/") {
                        offset += 2
                        return
                    }
                    if byte == UInt8(ascii: "\n") {
                        newline(after: offset)
                    } else if byte == UInt8(ascii: "\r") {
                        if offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "\n") { offset += 1 }
                        newline(after: offset)
                    } else if byte & 0xC0 == 0x80 {
                        continuationBytesOnLine += 1
                    }
                    offset += 1
                }
            default:
                throw failure(.unexpectedCharacter, "expected a value; '/' starts a comment only as '//' or '/*'")
            }
        }

        mutating func readValue() throws(JSONSyntaxError) -> JSONValue {
            let start = position
            guard offset < bytes.count else {
                throw failure(.unexpectedEnd, "expected a value, found end of file")
            }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try readObject(start)
            case UInt8(ascii: "["): return try readArray(start)
            case UInt8(ascii: "\""): return JSONValue(.string(try readString()), at: start)
            case UInt8(ascii: "t"): try readLiteral("true"); return JSONValue(.bool(true), at: start)
            case UInt8(ascii: "f"): try readLiteral("false"); return JSONValue(.bool(false), at: start)
            case UInt8(ascii: "n"): try readLiteral("null"); return JSONValue(.null, at: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONValue(try readNumber(), at: start)
            default:
                throw failure(.unexpectedCharacter, "expected a value (object, array, string, number, true, false or null), found \(foundDescription())")
            }
        }

        mutating func readLiteral(_ word: StaticString) throws(JSONSyntaxError) {
            let length = word.utf8CodeUnitCount
            let matches = offset + length <= bytes.count
                && (0..<length).allSatisfy { bytes[offset + $0] == word.utf8Start[$0] }
            guard matches else {
                throw failure(.unexpectedCharacter, "expected a value, found \(foundDescription()) (did you mean '\(word)'?)")
            }
            offset += length
        }

        mutating func enter() throws(JSONSyntaxError) {
            depth += 1
            if depth > maximumDepth {
                throw failure(.nestingTooDeep, "expected at most \(maximumDepth) levels of nesting")
            }
        }

        mutating func readObject(_ start: SourcePosition) throws(JSONSyntaxError) -> JSONValue {
            try enter()
            offset += 1
            var members: [JSONMember] = []
            while true {
                try skipWhitespaceAndComments()
                guard offset < bytes.count else {
                    throw failure(.unexpectedEnd, "expected '}' to close the object that starts at \(start), found end of file")
                }
                if bytes[offset] == UInt8(ascii: "}") { offset += 1; break }
                guard bytes[offset] == UInt8(ascii: "\"") else {
                    throw failure(.unexpectedCharacter, "expected a member name in double quotes or '}', found \(foundDescription())")
                }
                let keyPosition = position
                let key = try readString()
                try skipWhitespaceAndComments()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                    throw failure(.unexpectedCharacter, "expected ':' after member name \"\(key)\", found \(foundDescription())")
                }
                offset += 1
                try skipWhitespaceAndComments()
                let value = try readValue()
                members.append(JSONMember(key: key, keyPosition: keyPosition, value: value))
                try skipWhitespaceAndComments()
                guard offset < bytes.count else {
                    throw failure(.unexpectedEnd, "expected ',' or '}' after object member, found end of file")
                }
                switch bytes[offset] {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "}"): offset += 1; depth -= 1; return JSONValue(.object(members), at: start)
                default: throw failure(.unexpectedCharacter, "expected ',' or '}' after object member, found \(foundDescription())")
                }
            }
            depth -= 1
            return JSONValue(.object(members), at: start)
        }

        mutating func readArray(_ start: SourcePosition) throws(JSONSyntaxError) -> JSONValue {
            try enter()
            offset += 1
            var elements: [JSONValue] = []
            while true {
                try skipWhitespaceAndComments()
                guard offset < bytes.count else {
                    throw failure(.unexpectedEnd, "expected ']' to close the array that starts at \(start), found end of file")
                }
                if bytes[offset] == UInt8(ascii: "]") { offset += 1; break }
                elements.append(try readValue())
                try skipWhitespaceAndComments()
                guard offset < bytes.count else {
                    throw failure(.unexpectedEnd, "expected ',' or ']' after array element, found end of file")
                }
                switch bytes[offset] {
                case UInt8(ascii: ","): offset += 1
                case UInt8(ascii: "]"): offset += 1; depth -= 1; return JSONValue(.array(elements), at: start)
                default: throw failure(.unexpectedCharacter, "expected ',' or ']' after array element, found \(foundDescription())")
                }
            }
            depth -= 1
            return JSONValue(.array(elements), at: start)
        }
    }
}
