public import Crypto

/// The audit log's HMAC key, read from an environment variable's text. 32 bytes is the least the gateway starts
/// with, `gateway validate` accepts and `audit verify` checks with: HMAC-SHA256's full strength needs a key as long
/// as its output.
public enum AuditKey {
    public static let minimumBytes = 32

    /// The key, or why the text cannot be one (without repeating it).
    public static func key(from text: String) -> Result<SymmetricKey, AuditKeyError> {
        let bytes = Array(text.utf8)
        guard bytes.count >= minimumBytes else { return .failure(AuditKeyError(bytes: bytes.count)) }
        return .success(SymmetricKey(data: bytes))
    }
}

/// An audit key too short to be used.
public struct AuditKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var bytes: Int

    public var description: String {
        "the audit HMAC key is \(bytes) bytes; at least \(AuditKey.minimumBytes) are needed (generate one with `openssl rand -base64 48`)"
    }
}
