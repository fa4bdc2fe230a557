/// The 64-bit MurmurHash variant ARM's `uniqueString()` uses (Microsoft.WindowsAzure.ResourceStack's
/// `ComputeHash.MurmurHash64`): two interleaved 32-bit lanes with the MurmurHash3 x86 constants, seed 0.
/// Not the standard MurmurHash64A. Sources: Microsoft's MIT-licensed ports of the ARM expression engine
/// (e.g. Azure/terraform-provider-azapi internal/services/functions/unique_string_function.go).
enum MurmurHash64 {
    private static let c1: UInt32 = 0x239B_961B
    private static let c2: UInt32 = 0xAB0E_9789
    private static let c3: UInt32 = 0x38B3_4AE5
    private static let c4: UInt32 = 0xA1E3_8B93

    static func hash(_ data: [UInt8], seed: UInt32 = 0) -> UInt64 {
        let length = data.count
        var h1 = seed
        var h2 = seed
        var index = 0
        while index + 7 < length {
            var k1 = word(data, index, count: 4)
            var k2 = word(data, index + 4, count: 4)
            k1 = rotate(k1 &* c1, 15) &* c2
            h1 = rotate(h1 ^ k1, 19) &+ h2
            h1 = h1 &* 5 &+ 0x561C_CD1B
            k2 = rotate(k2 &* c2, 17) &* c1
            h2 = rotate(h2 ^ k2, 13) &+ h1
            h2 = h2 &* 5 &+ 0x0BCA_A747
            index += 8
        }
        let tail = length - index
        if tail > 0 {
            let k1 = word(data, index, count: min(tail, 4))
            h1 ^= rotate(k1 &* c1, 15) &* c2
            if tail > 4 {
                let k2 = word(data, index + 4, count: tail - 4)
                h2 ^= rotate(k2 &* c2, 17) &* c1
            }
        }
        h1 ^= UInt32(truncatingIfNeeded: length)
        h2 ^= UInt32(truncatingIfNeeded: length)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        h1 = mix(h1)
        h2 = mix(h2)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        return UInt64(h2) << 32 | UInt64(h1)
    }

    /// Up to four bytes, little-endian.
    private static func word(_ data: [UInt8], _ start: Int, count: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<count { value |= UInt32(data[start + offset]) << (8 * offset) }
        return value
    }

    private static func rotate(_ value: UInt32, _ by: UInt32) -> UInt32 {
        value << by | value >> (32 - by)
    }

    /// The MurmurHash3 finaliser.
    private static func mix(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h = h &* 0x85EB_CA6B
        h ^= h >> 13
        h = h &* 0xC2B2_AE35
        h ^= h >> 16
        return h
    }
}
