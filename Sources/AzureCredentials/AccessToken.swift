public import Foundation

/// An Entra bearer token. Its description never shows the token.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    public var value: String
    public var expiresAt: Date

    public init(value: String, expiresAt: Date) {
        self.value = value
        self.expiresAt = expiresAt
    }

    public var description: String { "AccessToken(expires: \(expiresAt))" }
}
