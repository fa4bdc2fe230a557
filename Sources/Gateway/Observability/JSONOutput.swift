import AuditLog
import Foundation

/// A JSON value the gateway writes on a request's path (refusals, the models list, log lines), written straight to
/// bytes. `JSONSerialization` boxes every value in `Any`, bridges dictionaries to `NSDictionary` and, with sorted
/// keys, compares keys through ICU: a refusal or a log line cost tens of microseconds that way.
///
/// Objects are written with their keys in byte order (nested ones too); strings and doubles as the audit log's
/// canonical writer writes them, which is as `JSONSerialization` does (see `AuditJSON`): for the keys the gateway
/// writes (lowercase ASCII) the bytes are Foundation's with `[.sortedKeys, .withoutEscapingSlashes]`.
enum JSONOutput: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONOutput])
    case object([String: JSONOutput])

    /// The value's JSON text, UTF-8.
    var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        append(to: &bytes)
        return bytes
    }

    func append(to bytes: inout [UInt8]) {
        switch self {
        case .string(let text):
            AuditJSON.appendString(text, to: &bytes)
        case .int(let number):
            bytes.append(contentsOf: String(number).utf8)
        case .double(let number):
            AuditJSON.appendDouble(number, to: &bytes)
        case .bool(let value):
            bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                value.append(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                AuditJSON.appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                members[key]!.append(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// The same value as Foundation objects, for a tree `JSONSerialization` writes (an upstream answer being edited).
    var foundationValue: Any {
        switch self {
        case .string(let text): text
        case .int(let number): number
        case .double(let number): number
        case .bool(let value): value
        case .null: NSNull()
        case .array(let values): values.map(\.foundationValue)
        case .object(let members): members.mapValues(\.foundationValue)
        }
    }
}

extension JSONOutput: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONOutput...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONOutput)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}
