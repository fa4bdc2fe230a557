import Foundation

/// One value of an audit line: the few kinds the records hold, typed (no `Any`).
enum AuditJSONValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case strings([String])
}

/// The canonical JSON writer of audit lines. It writes exactly the bytes `JSONSerialization` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` for the same object (the lines written before it, and their MACs and
/// hashes, were made that way), without boxing each field in `Any`:
///
/// - keys in Foundation's sorted-keys order: `String.compare` with `.numeric`, `.caseInsensitive` and
///   `.forcedOrdering` (so `images` comes before `imageSize`, and `a9` before `a10`), not `<`;
/// - strings: `"` and `\` escaped, U+0008, U+0009, U+000A, U+000C and U+000D as `\b \t \n \f \r`, the other
///   controls below U+0020 as `\u00xx` (lowercase hex), everything else (`/`, U+007F, U+2028, non-BMP) as its UTF-8;
/// - integers in decimal; doubles as Swift prints them with a trailing `.0` dropped (`12`, `0.001`, `1e-05`,
///   `1e+16`, `-0`). A non-finite double, which `JSONSerialization` refuses, is written as `null`.
///
/// Byte identity with `JSONSerialization` is proven by `AuditJSONIdentityTests` over generated records.
package enum AuditJSON {
    /// `{` the members in canonical key order `}`, UTF-8.
    static func object(_ members: [(key: String, value: AuditJSONValue)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        bytes.append(UInt8(ascii: "{"))
        for (index, member) in sorted(members).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(member.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            append(member.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// The members in Foundation's sorted-keys order. Keys the gateway writes are ranked from a table built once with
    /// Foundation's own comparison; a line with any other key (an event's) is sorted by that comparison directly.
    static func sorted(_ members: [(key: String, value: AuditJSONValue)]) -> [(key: String, value: AuditJSONValue)] {
        var ranked: [(rank: Int, member: (key: String, value: AuditJSONValue))] = []
        ranked.reserveCapacity(members.count)
        for member in members {
            guard let rank = knownKeyRanks[member.key] else {
                return members.sorted { foundationPrecedes($0.key, $1.key) }
            }
            ranked.append((rank, member))
        }
        ranked.sort { $0.rank < $1.rank }
        return ranked.map(\.member)
    }

    /// Whether `JSONSerialization` writes key `a` before key `b` (its `.sortedKeys` comparison).
    static func foundationPrecedes(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex, locale: systemLocale)
            == .orderedAscending
    }

    /// The locale `JSONSerialization` compares keys in (`NSLocale.system`).
    private static let systemLocale = NSLocale.system as Locale

    /// Every key a request record, the genesis record, a seal or a suspension event writes, with `seq` and `prev`.
    static let knownKeys = [
        "type", "time", "requestId", "status", "latencyMs", "decision", "identity", "clientIp", "deployment", "operation",
        "upstream", "totalTokens", "policy", "prompt", "completion", "guards", "limit", "images", "imageSize", "audioSeconds",
        "logId", "gatewayVersion", "keyId", "algorithm", "count", "lastHash", "until", "reason", "seq", "prev",
    ]

    private static let knownKeyRanks: [String: Int] = Dictionary(
        uniqueKeysWithValues: knownKeys.sorted(by: foundationPrecedes).enumerated().map { ($1, $0) })

    private static func append(_ value: AuditJSONValue, to bytes: inout [UInt8]) {
        switch value {
        case .string(let text):
            appendString(text, to: &bytes)
        case .int(let number):
            bytes.append(contentsOf: String(number).utf8)
        case .double(let number):
            appendDouble(number, to: &bytes)
        case .strings(let texts):
            bytes.append(UInt8(ascii: "["))
            for (index, text) in texts.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                appendString(text, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    /// Also the gateway's own JSON writer's, so its refusals are Foundation's bytes too.
    package static func appendDouble(_ number: Double, to bytes: inout [UInt8]) {
        guard number.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        var text = number.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// Also the gateway's own JSON writer's.
    package static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscaped(byte, to: &bytes)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0a: bytes.append(UInt8(ascii: "n"))
        case 0x0c: bytes.append(UInt8(ascii: "f"))
        case 0x0d: bytes.append(UInt8(ascii: "r"))
        default:
            bytes.append(contentsOf: [
                UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0f)],
            ])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
