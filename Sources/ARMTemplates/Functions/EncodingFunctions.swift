import LocatedJSON
import PostureModel

/// base64 and data-URI functions. Text is UTF-8 on both sides, as in ARM.
enum EncodingFunctions {
    static let all: [String: PureFunction] = [
        "base64": { arguments throws(FunctionError) in
            try arguments.expect(1)
            return .string(Base64.encode(Array(try arguments.string(0).utf8)))
        },
        "base64tostring": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let bytes = try decode(arguments)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return arguments.unknown("the decoded bytes are not UTF-8, and .NET's replacement of them is not modelled")
            }
            return .string(text)
        },
        "base64tojson": { arguments throws(FunctionError) in
            try arguments.expect(1)
            guard let text = String(validating: try decode(arguments), as: UTF8.self) else {
                return arguments.unknown("the decoded bytes are not UTF-8")
            }
            return json(text, arguments)
        },
        "datauri": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let value = arguments[0]
            switch value.kind {
            case .string(let text):
                return .string("data:text/plain;charset=utf8;base64," + Base64.encode(Array(text.utf8)))
            case .integer, .array, .object:
                // ARM writes non-strings as compact JSON with a JSON content type.
                guard let json = CompactJSON.text(value) else {
                    return arguments.unknown(
                        "this value's JSON text is not modelled (floating-point numbers, control characters, unknowns)")
                }
                return .string("data:application/json;charset=utf8;base64," + Base64.encode(Array(json.utf8)))
            default:
                return arguments.unknown("dataUri() of a \(value.kindName) is not evaluated by this version of Bulwark")
            }
        },
        "datauritostring": dataURIToString,
    ]

    private static func decode(_ arguments: Arguments) throws(FunctionError) -> [UInt8] {
        guard let bytes = Base64.decode(try arguments.string(0)) else {
            throw FunctionError("\(arguments.function)() was given text that is not valid base64")
        }
        return bytes
    }

    /// JSON as Newtonsoft reads it. Text this reader refuses may still be JSON to Newtonsoft (which is more
    /// lenient), so refusal is unknown rather than an error.
    private static func json(_ text: String, _ arguments: Arguments) -> Value {
        guard let normalized = doubleQuoted(text) else {
            return arguments.unknown("the decoded text is not JSON this version of Bulwark reads")
        }
        do throws(JSONSyntaxError) {
            return Value(json: try JSONReader().read(normalized), file: "").relocated(to: nil)
        } catch {
            return arguments.unknown("the decoded text is not JSON this version of Bulwark reads: \(error.message)")
        }
    }

    /// Newtonsoft accepts single-quoted strings (ARM's own example encodes `{'one': 'a', 'two': 'b'}`): rewrites
    /// them as double-quoted ones. Comments and double-quoted strings pass through. Nil for an unclosed string.
    static func doubleQuoted(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\"":
                guard let end = closing(scalars, from: index) else { return nil }
                result.append(contentsOf: scalars[index...end])
                index = end + 1
            case "'":
                guard let end = closing(scalars, from: index) else { return nil }
                result.append("\"")
                var inner = index + 1
                while inner < end {
                    if scalars[inner] == "\\", scalars[inner + 1] == "'" {
                        result.append("'")
                        inner += 2
                    } else if scalars[inner] == "\\" {
                        result.append(contentsOf: scalars[inner...(inner + 1)])
                        inner += 2
                    } else {
                        if scalars[inner] == "\"" { result.append("\\") }
                        result.append(scalars[inner])
                        inner += 1
                    }
                }
                result.append("\"")
                index = end + 1
            case "/" where index + 1 < scalars.count && scalars[index + 1] == "/":
                let end = scalars[index...].firstIndex(of: "\n") ?? scalars.count
                result.append(contentsOf: scalars[index..<end])
                index = end
            case "/" where index + 1 < scalars.count && scalars[index + 1] == "*":
                guard
                    let star = (index + 2..<max(scalars.count - 1, index + 2)).first(where: { scalars[$0] == "*" && scalars[$0 + 1] == "/" }
                    )
                else {
                    return nil
                }
                result.append(contentsOf: scalars[index...(star + 1)])
                index = star + 2
            default:
                result.append(scalar)
                index += 1
            }
        }
        return String(result)
    }

    /// The index of the quote closing the string that starts at `start`, skipping backslash escapes.
    private static func closing(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == "\\" { index += 2; continue }
            if scalars[index] == scalars[start] { return index }
            index += 1
        }
        return nil
    }

    /// `dataUriToString`: `data:[mediatype][;charset=utf-8][;base64],data`. Data that is not base64 is
    /// URL-decoded. UTF-8 (spelled `utf-8`, or `utf8` as `dataUri` writes it) is the only charset evaluated.
    static func dataURIToString(_ arguments: Arguments) throws(FunctionError) -> Value {
        try arguments.expect(1)
        let uri = try arguments.string(0)
        let invalid = FunctionError("dataUriToString() expects a data URI such as 'data:;base64,SGVsbG8=', got '\(uri)'")
        guard uri.utf8.count >= 5, uri.prefix(5).lowercased() == "data:", let comma = uri.firstIndex(of: ",") else { throw invalid }
        let metadata = uri[uri.index(uri.startIndex, offsetBy: 5)..<comma]
        let data = String(uri[uri.index(after: comma)...])
        let tokens = metadata.isEmpty ? [] : metadata.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if let first = tokens.first, first.isEmpty, tokens.count != 2 || tokens[1].lowercased() != "base64" { throw invalid }
        if tokens.dropFirst().contains(where: { $0.unicodeScalars.allSatisfy(TextSemantics.isWhitespace) }) { throw invalid }
        if tokens.count > 1, tokens[1].lowercased().hasPrefix("charset=") {
            let charset = String(tokens[1].dropFirst("charset=".count))
            guard ["utf-8", "utf8"].contains(charset.lowercased()) else {
                return arguments.unknown("the charset '\(charset)' is not evaluated by this version of Bulwark")
            }
        }
        let bytes: [UInt8]
        if tokens.last?.lowercased() == "base64" {
            guard let decoded = Base64.decode(data) else {
                throw FunctionError("dataUriToString() was given data that is not valid base64")
            }
            bytes = decoded
        } else {
            guard let decoded = TextSemantics.unescapeDataString(data) else {
                return arguments.unknown(
                    "the data has '+', '%u' escapes or bytes that are not UTF-8, which .NET's decoders treat differently")
            }
            bytes = Array(decoded.utf8)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return arguments.unknown("the decoded bytes are not UTF-8, and .NET's replacement of them is not modelled")
        }
        return .string(text)
    }
}

/// RFC 4648 base64 with padding, decoding as strictly as .NET's `Convert.FromBase64String` (whitespace allowed,
/// padding required).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8) | UInt32(chunk.count > 2 ? chunk[2] : 0)
            for position in 0..<4 {
                output.append(position <= chunk.count ? alphabet[Int((value >> (18 - 6 * position)) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let symbols = text.utf8.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard symbols.count % 4 == 0 else { return nil }
        let padding = symbols.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return nil }
        var bytes: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for symbol in symbols.dropLast(padding) {
            guard let value = alphabet.firstIndex(of: symbol) else { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return bytes
    }
}
