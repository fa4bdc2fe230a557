import Foundation
import PostureModel

/// CIDR functions of ARM templates: `parseCidr`, `cidrSubnet` and `cidrHost`, for IPv4 and IPv6 ranges.
enum CIDRFunctions {
    static let all: [String: PureFunction] = [
        "parsecidr": { arguments throws(FunctionError) in
            try arguments.expect(1)
            let network = try Network(try arguments.string(0), in: arguments.function)
            var members: [Value.Member] = [
                .init(key: "network", value: .string(network.format(network.address))),
                .init(key: "netmask", value: .string(network.format(network.mask))),
            ]
            if !network.isV6 { members.append(.init(key: "broadcast", value: .string(network.format(network.last)))) }
            members += [
                .init(key: "firstUsable", value: .string(network.format(network.firstUsable))),
                .init(key: "lastUsable", value: .string(network.format(network.lastUsable))),
                .init(key: "cidr", value: Value(.integer(Int64(network.prefix)))),
            ]
            return Value(.object(members))
        },
        "cidrsubnet": { arguments throws(FunctionError) in
            try arguments.expect(3)
            let network = try Network(try arguments.string(0), in: arguments.function)
            let (newPrefix, index) = (try arguments.integer(1), try arguments.integer(2))
            guard newPrefix >= Int64(network.prefix), newPrefix <= Int64(network.bits) else {
                throw FunctionError(
                    "cidrSubnet() new CIDR must be between \(network.prefix) and \(network.bits) for /\(network.prefix), got \(newPrefix)")
            }
            let spare = Int(newPrefix) - network.prefix
            guard index >= 0, spare >= 63 || index < Int64(1) << spare else {
                let count = spare >= 63 ? "2^\(spare)" : String(Int64(1) << spare)
                throw FunctionError(
                    "cidrSubnet() subnet index must be between 0 and \(count) - 1 for /\(newPrefix) subnets of /\(network.prefix), got \(index)"
                )
            }
            let start = network.address | (UInt128(index) << (network.bits - Int(newPrefix)))
            return .string("\(network.format(start))/\(newPrefix)")
        },
        "cidrhost": { arguments throws(FunctionError) in
            try arguments.expect(2)
            let network = try Network(try arguments.string(0), in: arguments.function)
            let index = try arguments.integer(1)
            // Hosts count from the first usable address; IPv6 ranges have no broadcast address but, as the
            // documented example shows, their host 0 is still the address after the network's.
            if network.isV6, network.prefix == 128 { throw FunctionError("cidrHost() an IPv6 /128 has no host addresses") }
            let first = network.isV6 ? network.address + 1 : network.firstUsable
            let last = network.lastUsable
            guard index >= 0, UInt128(index) <= last - first else {
                throw FunctionError("cidrHost() host index must be between 0 and \(last - first) for /\(network.prefix), got \(index)")
            }
            return .string(network.format(first + UInt128(index)))
        },
    ]

    /// An IPv4 or IPv6 range in CIDR notation, with its address reduced to the network address.
    struct Network {
        let isV6: Bool
        let address: UInt128
        let prefix: Int

        var bits: Int { isV6 ? 128 : 32 }
        var all: UInt128 { isV6 ? .max : UInt128(UInt32.max) }
        var mask: UInt128 { prefix == 0 ? 0 : (all << (bits - prefix)) & all }
        var last: UInt128 { address | (~mask & all) }
        /// IPv4 reserves the network and broadcast addresses except in /31 and /32; IPv6 reserves neither.
        var firstUsable: UInt128 { !isV6 && prefix < 31 ? address + 1 : address }
        var lastUsable: UInt128 { !isV6 && prefix < 31 ? last - 1 : last }

        init(_ text: String, in function: String) throws(FunctionError) {
            let invalid = FunctionError("\(function)() expects an IPv4 or IPv6 range in CIDR notation such as '10.0.0.0/16', got '\(text)'")
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, (1...3).contains(parts[1].count), parts[1].allSatisfy(\.isASCII),
                let prefix = Int(parts[1]), parts[1].allSatisfy(\.isNumber)
            else { throw invalid }
            isV6 = parts[0].contains(":")
            guard let address = isV6 ? Self.parseV6(parts[0]) : Self.parseV4(parts[0]), prefix <= (isV6 ? 128 : 32) else {
                throw invalid
            }
            self.prefix = prefix
            let mask: UInt128 = prefix == 0 ? 0 : ((isV6 ? UInt128.max : UInt128(UInt32.max)) << ((isV6 ? 128 : 32) - prefix))
            self.address = address & mask
        }

        static func parseV4(_ text: Substring) -> UInt128? {
            let octets = text.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4 else { return nil }
            var value: UInt128 = 0
            for octet in octets {
                guard (1...3).contains(octet.count), octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                    octet.count == 1 || octet.first != "0", let number = UInt8(octet)
                else { return nil }
                value = value << 8 | UInt128(number)
            }
            return value
        }

        static func parseV6(_ text: Substring) -> UInt128? {
            let halves = text.components(separatedBy: "::")
            guard halves.count <= 2 else { return nil }
            func words(_ part: String, allowV4: Bool) -> [UInt16]? {
                if part.isEmpty { return [] }
                var result: [UInt16] = []
                let groups = part.split(separator: ":", omittingEmptySubsequences: false)
                for (position, group) in groups.enumerated() {
                    if allowV4, position == groups.count - 1, group.contains("."), let v4 = parseV4(group) {
                        result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                    } else {
                        guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), let word = UInt16(group, radix: 16) else {
                            return nil
                        }
                        result.append(word)
                    }
                }
                return result
            }
            guard let head = words(halves[0], allowV4: halves.count == 1) else { return nil }
            var all = head
            if halves.count == 2 {
                guard let tail = words(halves[1], allowV4: true), head.count + tail.count <= 7 else { return nil }
                all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
            }
            guard all.count == 8 else { return nil }
            return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
        }

        /// Text as .NET's `IPAddress.ToString` writes it: dotted quad, or RFC 5952 IPv6 (lower case, the longest
        /// run of two or more zero groups as `::`, an embedded IPv4 address for mapped and compatible forms).
        func format(_ value: UInt128) -> String {
            guard isV6 else {
                return (0..<4).map { String((value >> (24 - 8 * $0)) & 0xFF) }.joined(separator: ".")
            }
            let words = (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
            let leadingZero = words[0...3].allSatisfy { $0 == 0 } && words[6] != 0
            let embedded =
                (leadingZero && ((words[4] == 0 && (words[5] == 0 || words[5] == 0xFFFF)) || (words[4] == 0xFFFF && words[5] == 0)))
                || (words[4] == 0 && words[5] == 0x5EFE)
            guard embedded else { return Self.compress(words) }
            let v4 = "\(words[6] >> 8).\(words[6] & 0xFF).\(words[7] >> 8).\(words[7] & 0xFF)"
            let head = Self.compress(Array(words[0..<6]))
            return head.hasSuffix("::") ? head + v4 : head + ":" + v4
        }

        private static func compress(_ words: [UInt16]) -> String {
            var best = (start: -1, length: 1)
            var run = (start: 0, length: 0)
            for (position, word) in words.enumerated() {
                if word == 0 {
                    if run.length == 0 { run.start = position }
                    run.length += 1
                    if run.length > best.length { best = run }
                } else {
                    run.length = 0
                }
            }
            let text = words.map { String($0, radix: 16) }
            guard best.start >= 0 else { return text.joined(separator: ":") }
            let head = text[..<best.start].joined(separator: ":")
            let tail = text[(best.start + best.length)...].joined(separator: ":")
            return head + "::" + tail
        }
    }
}
