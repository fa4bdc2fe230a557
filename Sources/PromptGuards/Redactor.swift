public import SensitiveData
public import Crypto
import Foundation

/// What to do with one kind of sensitive value.
public enum RedactionAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Leave it.
    case allow
    /// Replace it with a placeholder that is stable within one request: `[EMAIL_1]`, the same value always `[EMAIL_1]`.
    case mask
    /// Replace it with a keyed hash, stable across requests for the same key: `[EMAIL:3f9a2c1d7b6e]`.
    case hash
    /// Refuse the text.
    case block
}

/// Which action applies to each kind: per-kind choices, else one default for personal data and one for secrets.
public struct RedactionPolicy: Sendable, Hashable {
    public var personalData: RedactionAction
    public var secrets: RedactionAction
    public var overrides: [SensitiveDataKind: RedactionAction]

    public init(personalData: RedactionAction = .mask, secrets: RedactionAction = .mask, overrides: [SensitiveDataKind: RedactionAction] = [:]) {
        self.personalData = personalData
        self.secrets = secrets
        self.overrides = overrides
    }

    public func action(for kind: SensitiveDataKind) -> RedactionAction {
        overrides[kind] ?? (kind.isSecret ? secrets : personalData)
    }
}

/// The placeholders handed out while redacting one request, so the same value gets the same placeholder and
/// placeholders in the response can be turned back into the values, within that request only.
public struct PlaceholderTable: Sendable {
    private var byValue: [String: String] = [:]
    private var counters: [SensitiveDataKind: Int] = [:]
    public private(set) var originals: [String: String] = [:]

    public init() {}

    mutating func placeholder(for value: String, kind: SensitiveDataKind) -> String {
        let key = kind.rawValue + "\u{0}" + value
        if let existing = byValue[key] { return existing }
        let number = (counters[kind] ?? 0) + 1
        counters[kind] = number
        let placeholder = "[\(kind.placeholderName)_\(number)]"
        byValue[key] = placeholder
        originals[placeholder] = value
        return placeholder
    }

    public var isEmpty: Bool { originals.isEmpty }

    /// Like ``restore(_:)``, for placeholders inside JSON strings (an answer's raw body or stream event): the
    /// originals are JSON-escaped as they go in.
    public func restoreInJSON(_ text: String) -> String {
        guard !originals.isEmpty, text.contains("[") else { return text }
        var result = text
        for (placeholder, original) in originals {
            let data = (try? JSONSerialization.data(withJSONObject: [original], options: [.withoutEscapingSlashes])) ?? Data()
            let escaped = String(decoding: data, as: UTF8.self).dropFirst(2).dropLast(2)  // ["…"]
            result = result.replacingOccurrences(of: placeholder, with: String(escaped))
        }
        return result
    }

    /// `text` with every placeholder this table handed out replaced by its original value.
    public func restore(_ text: String) -> String {
        guard !originals.isEmpty, text.contains("[") else { return text }
        var result = text
        for (placeholder, original) in originals { result = result.replacingOccurrences(of: placeholder, with: original) }
        return result
    }
}

/// The outcome of redacting one text.
public struct Redaction: Sendable, Hashable {
    public var text: String
    /// Every sensitive value found, with the action taken (by kind, in order of appearance).
    public var findings: [SensitiveDataKind]
    /// The kinds whose action is `block`, if any were found: the text must not go on.
    public var blocked: [SensitiveDataKind]
}

/// Finds personal data and secrets and applies a ``RedactionPolicy``.
public struct Redactor: Sendable {
    public let detector: SensitiveDataDetector
    public let policy: RedactionPolicy
    private let hashKey: SymmetricKey

    /// `hashKey` keys the `hash` action (an unkeyed hash of a phone number is reversible by trying them all);
    /// without one, a random key lives as long as this redactor.
    public init(policy: RedactionPolicy = RedactionPolicy(), detector: SensitiveDataDetector = SensitiveDataDetector(), hashKey: SymmetricKey? = nil) {
        self.policy = policy
        self.detector = detector
        self.hashKey = hashKey ?? SymmetricKey(size: .bits256)
    }

    public func redact(_ text: String, placeholders: inout PlaceholderTable) -> Redaction {
        let bytes = Array(text.utf8)
        let matches = detector.matches(inUTF8: bytes)
        guard !matches.isEmpty else { return Redaction(text: text, findings: [], blocked: []) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        var blocked: [SensitiveDataKind] = []
        for match in matches {
            let action = policy.action(for: match.kind)
            if action == .block, !blocked.contains(match.kind) { blocked.append(match.kind) }
            guard action == .mask || action == .hash else { continue }
            output += bytes[position..<match.range.lowerBound]
            let value = String(decoding: bytes[match.range], as: UTF8.self)
            let replacement: String
            if action == .mask {
                replacement = placeholders.placeholder(for: value, kind: match.kind)
            } else {
                let digest = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: hashKey)
                replacement = "[\(match.kind.placeholderName):\(digest.prefix(6).map { String(format: "%02x", $0) }.joined())]"
            }
            output += Array(replacement.utf8)
            position = match.range.upperBound
        }
        output += bytes[position...]
        return Redaction(text: String(decoding: output, as: UTF8.self), findings: matches.map(\.kind), blocked: blocked)
    }

    public func redact(_ text: String) -> Redaction {
        var table = PlaceholderTable()
        return redact(text, placeholders: &table)
    }
}
