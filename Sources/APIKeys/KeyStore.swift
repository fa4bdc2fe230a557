public import Foundation

/// Why a key store could not be opened, read or written. `code` is short and stable (a metric label); the
/// description is for the operator and never holds a secret, a password or a connection string that has one.
public struct KeyStoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The location is not one the store understands (`sqlite:PATH`, `postgres://…`).
        public static let invalidLocation = Self(rawValue: "invalid_location")
        /// The store cannot be reached or answered with an error.
        public static let unavailable = Self(rawValue: "unavailable")
        /// The store answered with data that cannot be read (an unreadable scope).
        public static let unreadable = Self(rawValue: "unreadable")
    }

    public var code: Code
    public var description: String

    public init(_ code: Code = .unavailable, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The SQLite store's original initialiser: an unavailable store with this message.
    public init(description: String) { self.init(.unavailable, description) }
}

/// Where gateway keys and abuse suspensions are kept: SQLite (``APIKeyStore``) for one replica, PostgreSQL
/// (`PostgresKeyStore`) shared by several. The CLI's `keys` commands and the gateway use only this.
///
/// Secrets are never stored: a key is a salted hash and its public prefix, and ``authenticate(_:now:)`` compares
/// in constant time. `now` is the clock the store judges expiry, rotation and suspensions by (`Date()` outside
/// tests). There are deliberately no overloads without it: ``APIKeyStore``'s synchronous methods default `now`,
/// and an asynchronous twin would be chosen over them in every async context.
public protocol KeyStore: Sendable {
    /// True when calls block their thread (SQLite): the gateway runs them on its blocking pool, never on an event loop.
    var performsBlockingIO: Bool { get }

    /// Creates a key. The returned secret is the only copy.
    func create(name: String, scope: APIKeyScope, expiresIn: TimeInterval?, now: Date) async throws(KeyStoreError) -> IssuedKey
    /// Every key, oldest first; never a secret.
    func list() async throws(KeyStoreError) -> [APIKeyRecord]
    /// Revokes a key at once. - Returns: false when no active key has that prefix.
    @discardableResult func revoke(prefix: String, now: Date) async throws(KeyStoreError) -> Bool
    /// Issues a new key with the same name, scope, lifetime and lineage (so it owns the old key's stored objects);
    /// the old one works for `grace`, then not.
    /// - Returns: nil when no active key has that prefix.
    func rotate(prefix: String, grace: TimeInterval, now: Date) async throws(KeyStoreError) -> IssuedKey?
    /// Replaces the key's own limits; the rest of its scope stays. - Returns: false when no key has that prefix.
    func updateLimits(prefix: String, limits: [String]) async throws(KeyStoreError) -> Bool
    /// Checks a presented key: format, the stored hash in constant time, then revocation, expiry and rotation.
    /// Unknown prefixes and wrong secrets are one answer. Throws only when the store cannot answer.
    func authenticate(_ presented: String, now: Date) async throws(KeyStoreError) -> Result<APIKeyRecord, APIKeyRejection>

    /// Suspends `identity` until `until`, replacing an earlier suspension.
    func suspend(_ identity: String, until: Date, reason: String, now: Date) async throws(KeyStoreError)
    /// The suspension in force for `identity` at `now`, if any.
    func suspension(for identity: String, now: Date) async throws(KeyStoreError) -> Suspension?
    /// The suspensions in force at `now`, ending soonest first.
    func suspensions(now: Date) async throws(KeyStoreError) -> [Suspension]
    /// Lifts a suspension. - Returns: false when `identity` was not suspended.
    @discardableResult func unsuspend(_ identity: String, now: Date) async throws(KeyStoreError) -> Bool

    /// True when the store answers a trivial query: what `/readyz` asks.
    func isReadable() async -> Bool
}

extension KeyStore {
    public var performsBlockingIO: Bool { false }
}
