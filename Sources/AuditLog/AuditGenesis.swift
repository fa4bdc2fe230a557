public import Crypto
public import Foundation

/// The first record of every audit log: it names the log (a random id), says when and by which gateway version it
/// was created, and which HMAC key seals it (an id derived from the key, and the algorithm; never the key). An
/// emptied log has no genesis record and a log cut from the start has lost it, so neither can pass as intact.
public struct AuditGenesis: Sendable, Hashable {
    /// The record's `type`.
    static let type = "genesis"
    /// The MAC algorithm, as the record names it.
    public static let algorithm = "HMAC-SHA256"

    /// A random UUID, lowercase.
    public var logID: String
    public var created: Date
    public var gatewayVersion: String
    /// `hmac-sha256:` and 16 hex digits of the key's SHA-256.
    public var keyID: String

    public init(logID: String, created: Date, gatewayVersion: String, key: SymmetricKey) {
        self.init(logID: logID, created: created, gatewayVersion: gatewayVersion, keyID: AuditChain.keyID(of: key))
    }

    init(logID: String, created: Date, gatewayVersion: String, keyID: String) {
        self.logID = logID
        self.created = created
        self.gatewayVersion = gatewayVersion
        self.keyID = keyID
    }

    /// The genesis record in a parsed line, or nil when the line is another kind of record or lacks a field.
    init?(_ object: [String: Any]) {
        guard object["type"] as? String == Self.type, let logID = object["logId"] as? String,
            let time = object["time"] as? String, let created = try? Date(time, strategy: .iso8601),
            let version = object["gatewayVersion"] as? String, let keyID = object["keyId"] as? String
        else { return nil }
        self.init(logID: logID, created: created, gatewayVersion: version, keyID: keyID)
    }

    var members: [(key: String, value: AuditJSONValue)] {
        [
            ("type", .string(Self.type)), ("logId", .string(logID)), ("time", .string(created.formatted(.iso8601))),
            ("gatewayVersion", .string(gatewayVersion)), ("keyId", .string(keyID)), ("algorithm", .string(Self.algorithm)),
        ]
    }
}
