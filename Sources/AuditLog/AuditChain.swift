import Crypto
import Foundation

/// The tamper evidence of the audit log. Every line is a JSON object with a sequence number, the SHA-256 of
/// the previous line (`prev`), and last an HMAC-SHA256 of everything before it (`mac`), keyed with a secret
/// the gateway reads from the environment. A changed, deleted, inserted or reordered line breaks the MAC or
/// the chain; a seal line (count and last hash) written on rotation and shutdown makes a cut tail visible.
enum AuditChain {
    static let noPrevious = String(repeating: "0", count: 64)

    /// The line for `members`, sealed into the chain: `{...,"mac":"<64 hex>"}`. The object is written by ``AuditJSON``
    /// (the bytes `JSONSerialization` wrote for it, so earlier lines and the verifier agree with it).
    static func line(_ members: [(key: String, value: AuditJSONValue)], sequence: Int, previous: String, key: SymmetricKey) -> String {
        var body = AuditJSON.object(sealed(members, sequence: sequence, previous: previous))
        body.removeLast()  // the closing brace: the MAC goes last, over everything before it
        let mac = hex(HMAC<SHA256>.authenticationCode(for: body, using: key))
        body.append(contentsOf: ",\"mac\":\"".utf8)
        body.append(contentsOf: mac.utf8)
        body.append(contentsOf: "\"}".utf8)
        return String(decoding: body, as: UTF8.self)
    }

    /// `members` with the chain's `seq` and `prev` (replacing any members of those names).
    static func sealed(_ members: [(key: String, value: AuditJSONValue)], sequence: Int, previous: String) -> [(
        key: String, value: AuditJSONValue
    )] {
        var members = members.filter { $0.key != "seq" && $0.key != "prev" }
        members.append(("seq", .int(sequence)))
        members.append(("prev", .string(previous)))
        return members
    }

    /// The part a MAC covers, and the MAC, or nil when the line does not end with one.
    static func split(_ line: String) -> (body: String, mac: String)? {
        let marker = ",\"mac\":\""
        guard line.hasSuffix("\"}"), let range = line.range(of: marker, options: .backwards) else { return nil }
        let mac = String(line[range.upperBound..<line.index(line.endIndex, offsetBy: -2)])
        guard mac.count == 64, mac.allSatisfy(\.isHexDigit) else { return nil }
        return (String(line[..<range.lowerBound]), mac)
    }

    static func validMAC(_ body: String, _ mac: String, key: SymmetricKey) -> Bool {
        guard let bytes = bytes(fromHex: mac) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Data(body.utf8), using: key)
    }

    /// Names the HMAC key without revealing it: `hmac-sha256:` and the first 16 hex digits of the key's SHA-256.
    /// (Anyone holding MAC'd lines can already test a guessed key against them; this adds nothing to that.)
    static func keyID(of key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Data($0)) }
        return "hmac-sha256:" + hex(digest).prefix(16)
    }

    static func hash(_ line: String) -> String {
        hex(SHA256.hash(data: Data(line.utf8)))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        // Two lowercase digits per byte, as `%02x` writes them, without formatting each byte (every record hashes twice).
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func bytes(fromHex text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
