import TerraformModel

/// JSON as cty writes and reads it: keys sorted, numbers in plain decimal, strings escaped as Go's `encoding/json`
/// escapes them (`<`, `>`, `&`, U+2028 and U+2029 too); objects read as objects and arrays as tuples.
enum JSONText {
    struct DecodeError: Error {
        var message: String
    }

    /// The value as compact JSON; nil when something inside it is unknown.
    static func encode(_ value: TerraformValue) -> String? {
        var output = ""
        return write(value, into: &output, depth: 0) ? output : nil
    }

    private static func write(_ value: TerraformValue, into output: inout String, depth: Int) -> Bool {
        guard depth < 256 else { return false }
        switch value.kind {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            guard number.isFinite else { return false }
            output += NumberText.plain(number)
        case .string(let text): output += quoted(text)
        case .list(let elements), .set(let elements), .tuple(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                guard write(element, into: &output, depth: depth + 1) else { return false }
            }
            output += "]"
        case .map(let members), .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { output += "," }
                output += quoted(key) + ":"
                guard let member = members[key], write(member, into: &output, depth: depth + 1) else { return false }
            }
            output += "}"
        case .unknown: return false
        }
        return true
    }

    /// A JSON string literal as Go writes it.
    static func quoted(_ text: String) -> String {
        let hex = Array("0123456789abcdef")
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}", "\u{00}"..."\u{1F}":
                let value = Int(scalar.value)
                output += "\\u" + [12, 8, 4, 0].map { String(hex[(value >> $0) & 0xF]) }.joined()
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// The value a JSON document describes.
    static func decode(_ text: String) throws(DecodeError) -> TerraformValue {
        var reader = Reader(bytes: Array(text.utf8))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == reader.bytes.count else { throw reader.error("extraneous data after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        func error(_ message: String) -> DecodeError { DecodeError(message: "\(message) at byte \(position + 1)") }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value(depth: Int) throws(DecodeError) -> TerraformValue {
            guard depth < 256 else { throw error("JSON nested too deeply") }
            guard position < bytes.count else { throw error("unexpected end of JSON input") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default:
                throw error("invalid character \"\(String(decoding: [bytes[position]], as: UTF8.self))\" looking for beginning of value")
            }
        }

        mutating func literal(_ word: String, _ value: TerraformValue) throws(DecodeError) -> TerraformValue {
            let expected = Array(word.utf8)
            guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
                throw error("invalid literal, expected \(word)")
            }
            position += expected.count
            return value
        }

        mutating func number() throws(DecodeError) -> TerraformValue {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            let digits = { (reader: inout Reader) -> Int in
                let from = reader.position
                while reader.position < reader.bytes.count, (0x30...0x39).contains(reader.bytes[reader.position]) { reader.position += 1 }
                return reader.position - from
            }
            let whole = position
            guard digits(&self) > 0 else { throw error("invalid number") }
            if bytes[whole] == UInt8(ascii: "0"), position - whole > 1 { throw error("invalid number: leading zero") }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits(&self) > 0 else { throw error("invalid number: no digits after the decimal point") }
            }
            if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard digits(&self) > 0 else { throw error("invalid number: no digits in the exponent") }
            }
            guard let number = Double(String(decoding: bytes[start..<position], as: UTF8.self)), number.isFinite else {
                throw error("number out of range")
            }
            return .number(number)
        }

        mutating func string() throws(DecodeError) -> String {
            position += 1
            var scalars = String.UnicodeScalarView()
            var run = position
            func flush(_ reader: Reader, upTo end: Int) {
                scalars.append(contentsOf: String(decoding: reader.bytes[run..<end], as: UTF8.self).unicodeScalars)
            }
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    flush(self, upTo: position)
                    position += 1
                    return String(scalars)
                }
                if byte < 0x20 { throw error("invalid control character in string literal") }
                guard byte == UInt8(ascii: "\\") else {
                    position += 1
                    continue
                }
                flush(self, upTo: position)
                position += 1
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
                default: throw error("invalid escape in string literal")
                }
                run = position
            }
            throw error("unexpected end of JSON input in a string")
        }

        mutating func hexQuad() throws(DecodeError) -> UInt32 {
            guard bytes.count - position >= 4,
                let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
            else { throw error("invalid \\u escape") }
            position += 4
            return value
        }

        mutating func unicodeEscape() throws(DecodeError) -> Unicode.Scalar {
            let first = try hexQuad()
            if (0xD800..<0xDC00).contains(first), bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                let saved = position
                position += 2
                let second = try hexQuad()
                if (0xDC00..<0xE000).contains(second), let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) {
                    return scalar
                }
                position = saved
            }
            return Unicode.Scalar(first) ?? "\u{FFFD}"
        }

        mutating func array(depth: Int) throws(DecodeError) -> TerraformValue {
            position += 1
            var elements: [TerraformValue] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .tuple([])
            }
            while true {
                skipSpace()
                elements.append(try value(depth: depth + 1))
                skipSpace()
                guard position < bytes.count else { throw error("unexpected end of JSON input in an array") }
                position += 1
                if bytes[position - 1] == UInt8(ascii: "]") { return .tuple(elements) }
                guard bytes[position - 1] == UInt8(ascii: ",") else { throw error("expected ',' or ']' in an array") }
            }
        }

        mutating func object(depth: Int) throws(DecodeError) -> TerraformValue {
            position += 1
            var members: [String: TerraformValue] = [:]
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object([:])
            }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a property name") }
                let key = try string()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw error("expected ':' after a property name")
                }
                position += 1
                skipSpace()
                guard members[key] == nil else { throw error("duplicate \"\(key)\" property in JSON object") }
                members[key] = try value(depth: depth + 1)
                skipSpace()
                guard position < bytes.count else { throw error("unexpected end of JSON input in an object") }
                position += 1
                if bytes[position - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[position - 1] == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an object") }
            }
        }
    }
}
