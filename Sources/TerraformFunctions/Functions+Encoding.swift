import Foundation
import TerraformModel

/// The encoding functions: `base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64
/// textencodebase64 urlencode yamldecode yamlencode`.
enum EncodingFunctions {
    static func base64Encode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(Data(try arguments.string(0).utf8).base64EncodedString())
    }

    static func base64Decode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let bytes = try decodeBase64(try arguments.string(0), arguments)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw arguments.failed("the result of decoding the provided string is not valid UTF-8")
        }
        return .string(text)
    }

    /// Standard base64 with padding; line breaks are ignored, as Go's decoder ignores them.
    private static func decodeBase64(_ text: String, _ arguments: Arguments) throws(TerraformFunctionError) -> Data {
        let cleaned = text.filter { $0 != "\n" && $0 != "\r" }
        guard let data = Data(base64Encoded: cleaned) else {
            throw arguments.failed("failed to decode base64 data \(arguments[0].isSensitive ? "(sensitive value)" : JSONText.quoted(text))")
        }
        return data
    }

    /// The text gzip-compressed, then base64-encoded. The deflate stream uses stored blocks: it decompresses to the
    /// same bytes as Terraform's, but the compressed bytes differ from Go's compressor.
    static func base64Gzip(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        .string(Data(Gzip.stored(Array(try arguments.string(0).utf8))).base64EncodedString())
    }

    static func urlEncode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let hex = Array("0123456789ABCDEF")
        var output = ""
        for byte in try arguments.string(0).utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): output += "+"
            default: output += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return .string(output)
    }

    static func jsonEncode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        if let unknown = arguments[0].firstUnknown {
            return .unknown(TerraformBuiltinFunctions.expression(arguments.function, arguments.values), reason: unknown.reason)
        }
        guard let text = JSONText.encode(arguments[0]) else { throw arguments.failed("the value cannot be written as JSON") }
        return .string(text)
    }

    static func jsonDecode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let text = try arguments.string(0)
        do { return try JSONText.decode(text) } catch { throw arguments.invalid(0, error.message) }
    }

    static func yamlEncode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        guard let text = YAMLText.encode(arguments[0]) else { throw arguments.failed("the value cannot be written as YAML") }
        return .string(text)
    }

    static func yamlDecode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let text = try arguments.string(0)
        do { return try YAMLText.decode(text) } catch { throw arguments.invalid(0, error.message) }
    }

    /// Rows of a CSV text with a header line, as a list of objects of strings (RFC 4180, as Go's `encoding/csv`).
    static func csvDecode(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let text = try arguments.string(0)
        let records: [[String]]
        do { records = try CSVText.records(text) } catch { throw arguments.failed(error.message) }
        guard let header = records.first else { throw arguments.failed("missing header line") }
        var seen: Set<String> = []
        for name in header where !seen.insert(name).inserted { throw arguments.failed("duplicate column name \"\(name)\"") }
        var rows: [TerraformValue] = []
        for (index, record) in records.dropFirst().enumerated() {
            guard record.count == header.count else {
                throw arguments.failed("CSV parse error on line \(index + 2): wrong number of fields")
            }
            rows.append(.object(Dictionary(uniqueKeysWithValues: zip(header, record.map { TerraformValue.string($0) }))))
        }
        return TerraformValue(.list(rows))
    }

    /// The encodings `textencodebase64` and `textdecodebase64` know, by IANA name or alias (case-insensitive).
    private static func encoding(_ arguments: Arguments) throws(TerraformFunctionError) -> (String.Encoding, name: String) {
        let name = try arguments.string(1)
        let key = name.uppercased().replacing("_", with: "-")
        let known: [String: (String.Encoding, String)] = [
            "UTF-8": (.utf8, "UTF-8"), "UTF8": (.utf8, "UTF-8"), "CSUTF8": (.utf8, "UTF-8"),
            "UTF-16": (.utf16BigEndian, "UTF-16"), "UTF-16LE": (.utf16LittleEndian, "UTF-16LE"),
            "UTF-16BE": (.utf16BigEndian, "UTF-16BE"), "UTF-32": (.utf32BigEndian, "UTF-32"),
            "UTF-32LE": (.utf32LittleEndian, "UTF-32LE"), "UTF-32BE": (.utf32BigEndian, "UTF-32BE"),
            "ISO-8859-1": (.isoLatin1, "ISO-8859-1"), "LATIN1": (.isoLatin1, "ISO-8859-1"), "L1": (.isoLatin1, "ISO-8859-1"),
            "ISO-8859-2": (.isoLatin2, "ISO-8859-2"), "LATIN2": (.isoLatin2, "ISO-8859-2"),
            "WINDOWS-1250": (.windowsCP1250, "windows-1250"), "WINDOWS-1251": (.windowsCP1251, "windows-1251"),
            "WINDOWS-1252": (.windowsCP1252, "windows-1252"), "CP1252": (.windowsCP1252, "windows-1252"),
            "WINDOWS-1253": (.windowsCP1253, "windows-1253"), "WINDOWS-1254": (.windowsCP1254, "windows-1254"),
            "SHIFT-JIS": (.shiftJIS, "Shift_JIS"), "EUC-JP": (.japaneseEUC, "EUC-JP"),
        ]
        guard let found = known[key] else {
            throw arguments.invalid(1, "\(JSONText.quoted(name)) is not a supported IANA encoding name or alias in this Terraform version")
        }
        return found
    }

    static func textEncodeBase64(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let (encoding, name) = try encoding(arguments)
        guard var data = try arguments.string(0).data(using: encoding, allowLossyConversion: false) else {
            throw arguments.invalid(0, "the given string contains characters that cannot be represented in \(name)")
        }
        // Foundation writes a byte order mark for none of these; Go's UTF-16 (big-endian, with a mark) does.
        if name == "UTF-16" { data.insert(contentsOf: [0xFE, 0xFF], at: 0) }
        return .string(data.base64EncodedString())
    }

    static func textDecodeBase64(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let (encoding, name) = try encoding(arguments)
        var data = try decodeBase64(try arguments.string(0), arguments)
        var effective = encoding
        if name == "UTF-16", data.count >= 2 {
            if data.starts(with: [0xFF, 0xFE]) { effective = .utf16LittleEndian }
            if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) { data.removeFirst(2) }
        }
        guard let text = String(data: data, encoding: effective) else {
            throw arguments.invalid(0, "the given string contains symbols that are not defined for \(name)")
        }
        return .string(text)
    }
}

/// gzip (RFC 1952) with stored deflate blocks, the header Go's `gzip.Writer` writes, CRC-32 and size.
enum Gzip {
    static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var start = 0
        repeat {
            let end = min(start + 65_535, bytes.count)
            let length = UInt16(end - start)
            output.append(end == bytes.count ? 0x01 : 0x00)
            output += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            output += bytes[start..<end]
            start = end
        } while start < bytes.count
        output += littleEndian(crc32(bytes)) + littleEndian(UInt32(truncatingIfNeeded: bytes.count))
        return output
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
