import Crypto

/// The check digits and checksums that tell a real identifier from a string of the right shape.
enum Checksums {
    /// Luhn (ISO/IEC 7812): payment cards.
    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if index % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// ISO 13616 mod-97: the IBAN's check digits. `characters` is the IBAN without spaces, upper case.
    static func ibanMod97(_ characters: [UInt8]) -> Bool {
        guard characters.count > 4 else { return false }
        var remainder = 0
        for byte in characters[4...] + characters[..<4] {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            default: return false
            }
        }
        return remainder == 1
    }

    /// NHS number: weights 10…2 on the first nine digits, 11 − (sum mod 11) is the tenth (11 means 0, 10 is invalid).
    static func nhsMod11(_ digits: [UInt8]) -> Bool {
        guard digits.count == 10 else { return false }
        let sum = (0..<9).reduce(0) { $0 + Int(digits[$1]) * (10 - $1) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == Int(digits[9])
    }

    static let base58Alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Base58Check (Bitcoin P2PKH/P2SH addresses): 25 bytes whose last 4 are the first 4 of SHA-256(SHA-256(rest)).
    static func base58Check(_ text: ArraySlice<UInt8>) -> Bool {
        var bytes = [UInt8](repeating: 0, count: 25)
        for character in text {
            guard let digit = base58Alphabet.firstIndex(of: character) else { return false }
            var carry = digit
            for index in stride(from: 24, through: 0, by: -1) {
                carry += 58 * Int(bytes[index])
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            guard carry == 0 else { return false }  // more than 25 bytes
        }
        let digest = Array(SHA256.hash(data: Array(SHA256.hash(data: bytes[0..<21]))))
        return Array(digest[0..<4]) == Array(bytes[21..<25])
    }

    static let bech32Alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    /// Bech32 (BIP-173) and Bech32m (BIP-350) checksums, for `bc1…` addresses. `text` is lower case.
    static func bech32(_ text: ArraySlice<UInt8>) -> Bool {
        guard let separator = text.lastIndex(of: UInt8(ascii: "1")), separator > text.startIndex, text.endIndex - separator > 6 else { return false }
        var values: [UInt32] = text[..<separator].map { UInt32($0) >> 5 } + [0] + text[..<separator].map { UInt32($0) & 31 }
        for character in text[(separator + 1)...] {
            guard let value = bech32Alphabet.firstIndex(of: character) else { return false }
            values.append(UInt32(value))
        }
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ value
            for bit in 0..<5 where (top >> bit) & 1 == 1 { checksum ^= generator[bit] }
        }
        return checksum == 1 || checksum == 0x2bc8_30a3
    }

    /// EIP-55 mixed-case checksum of an Ethereum address (`hex` is the 40 characters after `0x`): a letter is upper
    /// case exactly when the matching nibble of Keccak-256(lower-case address) is 8 or more.
    static func eip55(_ hex: ArraySlice<UInt8>) -> Bool {
        let lower = hex.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") ? $0 + 32 : $0 }
        let hash = Keccak256.hash(lower)
        for (index, character) in hex.enumerated() where character >= UInt8(ascii: "A") {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0F
            let isUpper = character <= UInt8(ascii: "F")
            if isUpper != (nibble >= 8) { return false }
        }
        return true
    }
}

/// Keccak-256 as Ethereum uses it (the original padding, not SHA-3's), for EIP-55 checksums only.
enum Keccak256 {
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000, 0x0000_0000_0000_808B,
        0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009, 0x0000_0000_0000_008A, 0x0000_0000_0000_0088,
        0x0000_0000_8000_8009, 0x0000_0000_8000_000A, 0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089,
        0x8000_0000_0000_8003, 0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
    private static let rotations: [Int] = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]

    static func hash(_ message: [UInt8]) -> [UInt8] {
        let rate = 136
        var padded = message
        padded.append(0x01)
        while padded.count % rate != 0 { padded.append(0) }
        padded[padded.count - 1] |= 0x80
        var state = [UInt64](repeating: 0, count: 25)
        for blockStart in stride(from: 0, to: padded.count, by: rate) {
            for lane in 0..<(rate / 8) {
                var value: UInt64 = 0
                for byte in 0..<8 { value |= UInt64(padded[blockStart + lane * 8 + byte]) << (8 * byte) }
                state[lane] ^= value
            }
            permute(&state)
        }
        var output: [UInt8] = []
        for lane in 0..<4 {
            for byte in 0..<8 { output.append(UInt8(truncatingIfNeeded: state[lane] >> (8 * byte))) }
        }
        return output
    }

    private static func permute(_ a: inout [UInt64]) {
        func rotl(_ x: UInt64, _ n: Int) -> UInt64 { n == 0 ? x : (x << UInt64(n)) | (x >> UInt64(64 - n)) }
        for round in 0..<24 {
            var c = [UInt64](repeating: 0, count: 5)
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            var b = [UInt64](repeating: 0, count: 25)
            for x in 0..<5 {
                for y in 0..<5 { b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], rotations[x + 5 * y]) }
            }
            for x in 0..<5 {
                for y in 0..<5 { a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]) }
            }
            a[0] ^= roundConstants[round]
        }
    }
}
