import Foundation

/// An IPv4 or IPv6 network: the address with its host bits cleared, the prefix length and the address width.
struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    var address: UInt128
    var prefixLength: Int
    /// 32 for IPv4, 128 for IPv6.
    var width: Int

    init(address: UInt128, prefixLength: Int, width: Int) {
        self.address = address & Self.mask(prefixLength, width: width)
        self.prefixLength = prefixLength
        self.width = width
    }

    /// `10.0.0.0/16` or `fd00::/8`, as Go's `net.ParseCIDR` reads it (an IPv4 part may have leading zeros, read as
    /// decimal as Terraform's `ipaddr` fork does).
    init?(cidr: String) {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), parts[1].allSatisfy(\.isASCII), !parts[1].hasPrefix("+") else { return nil }
        let address: UInt128
        let width: Int
        if let v4 = Self.parseIPv4(parts[0]) {
            (address, width) = (UInt128(v4), 32)
        } else if let v6 = Self.parseIPv6(parts[0]) {
            (address, width) = (v6, 128)
        } else {
            return nil
        }
        guard (0...width).contains(length) else { return nil }
        self.init(address: address, prefixLength: length, width: width)
    }

    static func mask(_ length: Int, width: Int) -> UInt128 {
        let all: UInt128 = width == 128 ? .max : (UInt128(1) << width) - 1
        guard length > 0 else { return 0 }
        return (all << (width - length)) & all
    }

    var lastAddress: UInt128 { address | (~Self.mask(prefixLength, width: width) & Self.mask(width, width: width)) }

    func contains(_ other: UInt128) -> Bool { other & Self.mask(prefixLength, width: width) == address }

    /// go-cidr's `PreviousSubnet`: the subnet of `length` just before this network (wrapping below zero).
    func previous(length: Int) -> IPNetwork {
        let all = Self.mask(width, width: width)
        return IPNetwork(address: (address &- 1) & all, prefixLength: length, width: width)
    }

    /// go-cidr's `NextSubnet`: the subnet of `length` after this one's last address; nil when it wraps past the end.
    func next(length: Int) -> IPNetwork? {
        let containing = IPNetwork(address: lastAddress, prefixLength: length, width: width)
        let all = Self.mask(width, width: width)
        let following = (containing.lastAddress &+ 1) & all
        guard following != 0 else { return nil }
        return IPNetwork(address: following, prefixLength: length, width: width)
    }

    var description: String { Self.text(address, width: width) + "/" + String(prefixLength) }

    static func text(_ address: UInt128, width: Int) -> String {
        if width == 32 { return (0..<4).map { String((address >> (24 - 8 * $0)) & 0xFF) }.joined(separator: ".") }
        let groups = (0..<8).map { Int((address >> (112 - 16 * $0)) & 0xFFFF) }
        // The longest run of two or more zero groups becomes `::` (the first one on a tie), as Go writes it.
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.length, end - index >= 2 { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        return hex[..<best.start].joined(separator: ":") + "::" + hex[(best.start + best.length)...].joined(separator: ":")
    }

    static func parseIPv4(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }), let number = UInt32(octet),
                number <= 255
            else { return nil }
            value = value << 8 | number
        }
        return value
    }

    static func parseIPv6(_ text: Substring) -> UInt128? {
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                    continue
                }
                guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                result.append(group)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}
