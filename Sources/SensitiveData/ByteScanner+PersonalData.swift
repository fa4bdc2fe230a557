#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Single-pass detectors over UTF-8 bytes. Each scan moves forward only, so the whole detector is linear in the
/// text's length.
struct ByteScanner {
    let bytes: [UInt8]

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isUpper(byte) || isLower(byte) }
    static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66) }

    func byte(_ index: Int) -> UInt8? { index >= 0 && index < bytes.count ? bytes[index] : nil }

    /// True when the bytes just outside `range` are not letters or digits (a word boundary on both sides).
    func isBounded(_ range: Range<Int>) -> Bool {
        !(byte(range.lowerBound - 1).map(Self.isAlnum) ?? false) && !(byte(range.upperBound).map(Self.isAlnum) ?? false)
    }

    /// Lower-cased ASCII of the `width` bytes before `position`: the context a keyword is looked for in.
    func context(before position: Int, width: Int = 48) -> String {
        let start = max(0, position - width)
        return String(decoding: bytes[start..<position].map { Self.isUpper($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    func personalData() -> [SensitiveMatch] {
        emails() + numberRuns() + ibans() + ninos() + networkAddresses() + cryptoAddresses()
    }

    // MARK: Email

    func emails() -> [SensitiveMatch] {
        func isLocal(_ byte: UInt8) -> Bool { Self.isAlnum(byte) || byte == 0x2E || byte == 0x5F || byte == 0x25 || byte == 0x2B || byte == 0x2D }
        func isDomain(_ byte: UInt8) -> Bool { Self.isAlnum(byte) || byte == 0x2E || byte == 0x2D }
        var found: [SensitiveMatch] = []
        var index = 0
        var lastEnd = 0
        while index < bytes.count {
            guard bytes[index] == 0x40 else { index += 1; continue }
            var start = index
            while start > lastEnd, isLocal(bytes[start - 1]) { start -= 1 }
            while start < index, bytes[start] == 0x2E { start += 1 }
            var end = index + 1
            while end < bytes.count, isDomain(bytes[end]) { end += 1 }
            while end > index + 1, bytes[end - 1] == 0x2E || bytes[end - 1] == 0x2D { end -= 1 }
            let domain = bytes[(index + 1)..<end]
            let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
            if start < index, labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }),
               let tld = labels.last, tld.count >= 2, tld.allSatisfy({ Self.isUpper($0) || Self.isLower($0) }) {
                found.append(SensitiveMatch(kind: .email, range: start..<end))
                lastEnd = end
            }
            index = max(end, index + 1)
        }
        return found
    }

    // MARK: Numbers: cards, SSNs, NHS numbers, phones

    /// Runs of digits joined by single separators (space, `-`, `.`, `(`, `)`, `/`), with a leading `+` kept, each
    /// judged as a card, an SSN, an NHS number or a phone number.
    func numberRuns() -> [SensitiveMatch] {
        var found: [SensitiveMatch] = []
        var index = 0
        while index < bytes.count {
            let startsNumber = Self.isDigit(bytes[index]) || ((bytes[index] == 0x2B || bytes[index] == 0x28) && byte(index + 1).map(Self.isDigit) == true)
            guard startsNumber, !(byte(index - 1).map(Self.isAlnum) ?? false) else { index += 1; continue }
            var end = index + 1
            var digits: [UInt8] = Self.isDigit(bytes[index]) ? [bytes[index] - 0x30] : []
            var groups: [Int] = Self.isDigit(bytes[index]) ? [1] : [0]
            var separators: Set<UInt8> = []
            while end < bytes.count {
                let byte = bytes[end]
                if Self.isDigit(byte) {
                    digits.append(byte - 0x30)
                    groups[groups.count - 1] += 1
                    end += 1
                } else if [0x20, 0x2D, 0x2E, 0x28, 0x29, 0x2F].contains(byte), end + 1 < bytes.count,
                          Self.isDigit(bytes[end + 1]) || (byte == 0x20 && bytes[end + 1] == 0x28) || (byte == 0x29 && bytes[end + 1] == 0x20) {
                    separators.insert(byte)
                    if groups.last != 0 { groups.append(0) }
                    end += 1
                } else {
                    break
                }
                if digits.count > 24 { break }
            }
            while end > index, !Self.isDigit(bytes[end - 1]) { end -= 1 }
            if !(byte(end).map(Self.isAlnum) ?? false), let kind = judgeNumber(digits: digits, groups: groups.filter { $0 > 0 }, separators: separators, start: index) {
                found.append(SensitiveMatch(kind: kind, range: index..<end))
            }
            index = max(end, index + 1)
        }
        return found
    }

    private func judgeNumber(digits: [UInt8], groups: [Int], separators: Set<UInt8>, start: Int) -> SensitiveDataKind? {
        let international = bytes[start] == 0x2B
        let plainSeparators = separators.isSubset(of: [0x20, 0x2D])
        if !international, plainSeparators, (13...19).contains(digits.count), Checksums.luhn(digits), CardIssuers.isKnown(digits) {
            return .creditCard
        }
        if !international, digits.count == 9, isSSN(digits), (groups == [3, 2, 4] && separators.count == 1 && plainSeparators)
            || (groups == [9] && context(before: start).contains(anyOf: ["ssn", "social security"])) {
            return .usSSN
        }
        if !international, digits.count == 10, Checksums.nhsMod11(digits), groups == [3, 3, 4] || groups == [10], separators.isSubset(of: [0x20, 0x2D]),
           groups == [3, 3, 4] || context(before: start).contains("nhs") {
            return .nhsNumber
        }
        if PhoneNumbers.isPhone(digits: digits, groups: groups, separators: separators, international: international, hasParenthesis: separators.contains(0x28) || bytes[start] == 0x28) {
            return .phone
        }
        return nil
    }

    /// Area not 000, 666 or 900–999; group not 00; serial not 0000 (SSA's rules since 2011 randomisation).
    private func isSSN(_ d: [UInt8]) -> Bool {
        let area = Int(d[0]) * 100 + Int(d[1]) * 10 + Int(d[2])
        let group = Int(d[3]) * 10 + Int(d[4])
        let serial = d[5...].reduce(0) { $0 * 10 + Int($1) }
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    // MARK: IBAN, NINO

    func ibans() -> [SensitiveMatch] {
        var found: [SensitiveMatch] = []
        var index = 0
        while index + 4 <= bytes.count {
            guard Self.isUpper(bytes[index]), Self.isUpper(bytes[index + 1]), Self.isDigit(bytes[index + 2]), Self.isDigit(bytes[index + 3]),
                  !(byte(index - 1).map(Self.isAlnum) ?? false),
                  let length = IBANLengths.byCountry[String(decoding: bytes[index..<(index + 2)], as: UTF8.self)] else { index += 1; continue }
            var characters: [UInt8] = []
            var end = index
            while end < bytes.count, characters.count < length {
                let byte = bytes[end]
                if Self.isDigit(byte) || Self.isUpper(byte) { characters.append(byte); end += 1 }
                else if byte == 0x20, end + 1 < bytes.count, Self.isAlnum(bytes[end + 1]), characters.count % 4 == 0 { end += 1 }
                else { break }
            }
            if characters.count == length, !(byte(end).map(Self.isAlnum) ?? false), Checksums.ibanMod97(characters) {
                found.append(SensitiveMatch(kind: .iban, range: index..<end))
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// UK National Insurance numbers: AB 12 34 56 C, with HMRC's excluded prefixes.
    func ninos() -> [SensitiveMatch] {
        let firstExcluded = Set("DFIQUV".utf8), secondExcluded = Set("DFIOQUV".utf8)
        let prefixExcluded: Set<String> = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]
        var found: [SensitiveMatch] = []
        var index = 0
        while index + 9 <= bytes.count {
            guard Self.isUpper(bytes[index]), Self.isUpper(bytes[index + 1]), !(byte(index - 1).map(Self.isAlnum) ?? false),
                  !firstExcluded.contains(bytes[index]), !secondExcluded.contains(bytes[index + 1]),
                  !prefixExcluded.contains(String(decoding: bytes[index..<(index + 2)], as: UTF8.self)) else { index += 1; continue }
            var end = index + 2
            var digits = 0
            while end < bytes.count, digits < 6 {
                if Self.isDigit(bytes[end]) { digits += 1; end += 1 } else if bytes[end] == 0x20, digits % 2 == 0 { end += 1 } else { break }
            }
            if end < bytes.count, bytes[end] == 0x20 { end += 1 }
            if digits == 6, end < bytes.count, (0x41...0x44).contains(bytes[end]), !(byte(end + 1).map(Self.isAlnum) ?? false) {
                found.append(SensitiveMatch(kind: .ukNINO, range: index..<(end + 1)))
                index = end + 1
            } else {
                index += 1
            }
        }
        return found
    }

    // MARK: IP and MAC addresses

    /// Runs of hex digits, `:` and `.`, judged as a MAC address, an IPv4 or an IPv6 address.
    func networkAddresses() -> [SensitiveMatch] {
        var found: [SensitiveMatch] = []
        var index = 0
        while index < bytes.count {
            guard Self.isHex(bytes[index]) || bytes[index] == 0x3A, !(byte(index - 1).map(Self.isAlnum) ?? false) else { index += 1; continue }
            var end = index
            while end < bytes.count, Self.isHex(bytes[end]) || bytes[end] == 0x3A || bytes[end] == 0x2E || bytes[end] == 0x2D, end - index < 64 { end += 1 }
            while end > index, !Self.isHex(bytes[end - 1]) { end -= 1 }
            guard end > index, !(byte(end).map(Self.isAlnum) ?? false) else { index = max(end, index + 1); continue }
            let token = Array(bytes[index..<end])
            if Self.isMAC(token) {
                found.append(SensitiveMatch(kind: .macAddress, range: index..<end))
            } else if let address = Self.ipAddress(token) {
                found.append(SensitiveMatch(kind: .ipAddress, range: index..<(index + address)))
            }
            index = max(end, index + 1)
        }
        return found
    }

    static func isMAC(_ token: [UInt8]) -> Bool {
        if token.count == 17, let separator = [UInt8(ascii: ":"), UInt8(ascii: "-")].first(where: { $0 == token[2] }) {
            return (0..<17).allSatisfy { $0 % 3 == 2 ? token[$0] == separator : isHex(token[$0]) }
        }
        if token.count == 14 {
            return (0..<14).allSatisfy { $0 % 5 == 4 ? token[$0] == 0x2E : isHex(token[$0]) }
        }
        return false
    }

    /// The length of the IPv4 or IPv6 address `token` is, if it is one.
    static func ipAddress(_ token: [UInt8]) -> Int? {
        let text = String(decoding: token, as: UTF8.self)
        if token.contains(0x3A) {
            guard token.filter({ $0 == 0x3A }).count >= 2, !token.contains(0x2D) else { return nil }
            var address = in6_addr()
            return inet_pton(AF_INET6, text, &address) == 1 ? token.count : nil
        }
        let parts = token.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(isDigit) && (part.count == 1 || part.first != 0x30)
                && part.reduce(0, { $0 * 10 + Int($1 - 0x30) }) <= 255
        }) else { return nil }
        return token.count
    }

    // MARK: Crypto addresses

    func cryptoAddresses() -> [SensitiveMatch] {
        var found: [SensitiveMatch] = []
        var index = 0
        while index < bytes.count {
            guard Self.isAlnum(bytes[index]), !(byte(index - 1).map(Self.isAlnum) ?? false) else { index += 1; continue }
            var end = index
            while end < bytes.count, Self.isAlnum(bytes[end]), end - index < 100 { end += 1 }
            let token = bytes[index..<end]
            if !(byte(end).map(Self.isAlnum) ?? false), Self.isCryptoAddress(token) {
                found.append(SensitiveMatch(kind: .cryptoAddress, range: index..<end))
            }
            index = max(end, index + 1)
        }
        return found
    }

    static func isCryptoAddress(_ token: ArraySlice<UInt8>) -> Bool {
        let first = token.first ?? 0
        if (first == 0x31 || first == 0x33), (26...35).contains(token.count) { return Checksums.base58Check(token) }
        if token.count >= 14, token.count <= 74, token.starts(with: Array("bc1".utf8)) { return Checksums.bech32(token) }
        if token.count == 42, token.starts(with: Array("0x".utf8)) {
            let hex = token.dropFirst(2)
            guard hex.allSatisfy(isHex) else { return false }
            let hasLower = hex.contains(where: isLower), hasUpper = hex.contains(where: isUpper)
            return hasLower && hasUpper ? Checksums.eip55(hex) : true
        }
        return false
    }
}

extension String {
    func contains(anyOf words: [String]) -> Bool { words.contains { contains($0) } }
}
