import Crypto
import Foundation
import TerraformModel

/// The hash functions (`md5 sha1 sha256 sha512 base64sha256 base64sha512`, their `file*` forms) and `uuidv5`.
/// `bcrypt` and `uuid` are random, so their results are unknown (see the dispatch table).
enum HashFunctions {
    enum Algorithm {
        case md5, sha1, sha256, sha512

        func digest(_ data: Data) -> [UInt8] {
            switch self {
            case .md5: Array(Insecure.MD5.hash(data: data))
            case .sha1: Array(Insecure.SHA1.hash(data: data))
            case .sha256: Array(SHA256.hash(data: data))
            case .sha512: Array(SHA512.hash(data: data))
            }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    /// The hex digest of the string argument's UTF-8 bytes.
    static func hexOfText(_ algorithm: Algorithm) -> FunctionDefinition.Body {
        { arguments throws(TerraformFunctionError) in .string(hex(algorithm.digest(Data(try arguments.string(0).utf8)))) }
    }

    /// The base64 of the raw digest of the string argument's UTF-8 bytes.
    static func base64OfText(_ algorithm: Algorithm) -> FunctionDefinition.Body {
        { arguments throws(TerraformFunctionError) in
            .string(Data(algorithm.digest(Data(try arguments.string(0).utf8))).base64EncodedString())
        }
    }

    static func hexOfFile(_ algorithm: Algorithm) -> FunctionDefinition.Body {
        { arguments throws(TerraformFunctionError) in .string(hex(algorithm.digest(try FileFunctions.readBytes(arguments)))) }
    }

    static func base64OfFile(_ algorithm: Algorithm) -> FunctionDefinition.Body {
        { arguments throws(TerraformFunctionError) in
            .string(Data(algorithm.digest(try FileFunctions.readBytes(arguments))).base64EncodedString())
        }
    }

    /// A name-based (SHA-1) UUID in a namespace: `dns`, `url`, `oid`, `x500`, or any UUID.
    static func uuidv5(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        let namespaceText = try arguments.string(0)
        let namespace: [UInt8]
        switch namespaceText {
        case "dns": namespace = parseUUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8") ?? []
        case "url": namespace = parseUUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8") ?? []
        case "oid": namespace = parseUUID("6ba7b812-9dad-11d1-80b4-00c04fd430c8") ?? []
        case "x500": namespace = parseUUID("6ba7b814-9dad-11d1-80b4-00c04fd430c8") ?? []
        default:
            guard let parsed = parseUUID(namespaceText) else {
                throw arguments.failed("uuidv5() doesn't support namespace \(namespaceText) (invalid UUID format)")
            }
            namespace = parsed
        }
        var bytes = Array(Algorithm.sha1.digest(Data(namespace + Array(try arguments.string(1).utf8))).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return .string(format(bytes))
    }

    static func format(_ bytes: [UInt8]) -> String {
        let text = hex(bytes)
        let cuts = [8, 12, 16, 20]
        var result = ""
        for (index, character) in text.enumerated() {
            if cuts.contains(index) { result += "-" }
            result.append(character)
        }
        return result
    }

    /// A UUID as Go's `uuid.Parse` reads it: plain, `urn:uuid:`, braced, or 32 hex digits.
    static func parseUUID(_ text: String) -> [UInt8]? {
        var body = Substring(text)
        if body.count == 45, body.lowercased().hasPrefix("urn:uuid:") { body = body.dropFirst(9) }
        if body.count == 38, body.first == "{", body.last == "}" { body = body.dropFirst().dropLast() }
        let digits: [Character]
        if body.count == 36 {
            let characters = Array(body)
            guard [8, 13, 18, 23].allSatisfy({ characters[$0] == "-" }) else { return nil }
            digits = characters.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        } else if body.count == 32 {
            digits = Array(body)
        } else {
            return nil
        }
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < digits.count {
            guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes.count == 16 ? bytes : nil
    }

    /// Arguments checked as `bcrypt(str, cost)` checks them; the result itself has a random salt.
    static func bcryptArguments(_ arguments: Arguments) throws(TerraformFunctionError) -> TerraformValue {
        _ = try arguments.string(0)
        if arguments.count > 1 {
            let cost = try arguments.integer(1)
            guard (4...31).contains(cost) else { throw arguments.invalid(1, "bcrypt cost must be between 4 and 31, got \(cost)") }
        }
        return .null
    }
}
