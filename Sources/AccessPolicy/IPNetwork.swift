#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a /32 or /128.
/// Used for client IP allow-lists and trusted proxies. An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`) is
/// matched as the IPv4 address it carries.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let address: [UInt8]
    public let prefixLength: Int

    public var description: String { "\(Self.format(address))/\(prefixLength)" }

    /// Nil when `text` is not an address or a CIDR block with a prefix length that fits the address.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.parseAddress(String(parts[0])) else { return nil }
        let maximum = address.count * 8
        var length = maximum
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maximum).contains(parsed), parts[1].allSatisfy(\.isASCII) else { return nil }
            length = parsed
        }
        self.address = Self.masked(address, to: length)
        self.prefixLength = length
    }

    /// True when `ip` (an address in text form) lies in this network.
    public func contains(_ ip: String) -> Bool {
        guard let candidate = Self.parseAddress(ip) else { return false }
        return contains(bytes: candidate)
    }

    public func contains(bytes candidate: [UInt8]) -> Bool {
        guard candidate.count == address.count else { return false }
        return Self.masked(candidate, to: prefixLength) == address
    }

    /// The address's bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6; nil when it is not an address.
    public static func parseAddress(_ text: String) -> [UInt8]? {
        var text = text
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }  // fe80::1%eth0
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12..<16]) }
        return bytes
    }

    private static func masked(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        var result = bytes
        for index in result.indices {
            let bitsHere = max(0, min(8, length - index * 8))
            result[index] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
        }
        return result
    }

    private static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(
            separator: ":")
    }
}

extension Array where Element == IPNetwork {
    /// True when any network contains `ip`.
    public func containsAddress(_ ip: String) -> Bool {
        guard let bytes = IPNetwork.parseAddress(ip) else { return false }
        return contains { $0.contains(bytes: bytes) }
    }
}
