/// Token bytes to rank and back, in flat arrays: an open-addressing hash table whose slots hold a fingerprint and a
/// rank, and whose keys are the token bytes themselves (looked up in place, so a lookup never allocates).
struct RankTable: Sendable {
    /// Every token's bytes, back to back, in rank order.
    let bytes: [UInt8]
    /// `offsets[rank] ..< offsets[rank + 1]` are the bytes of `rank`; an unused rank has an empty range.
    let offsets: [UInt32]
    /// Per slot: the upper 32 bits of the hash, then `rank + 1` (0 marks an empty slot).
    let slots: [UInt64]

    /// The number of token ids the vocabulary spans (the largest rank + 1).
    var rankCount: Int { offsets.count - 1 }

    /// - Parameter tokens: `(bytes, rank)` pairs with distinct ranks and distinct bytes.
    init(tokens: [(bytes: ArraySlice<UInt8>, rank: Int)]) {
        let rankCount = (tokens.map(\.rank).max() ?? -1) + 1
        var lengths = [Int](repeating: 0, count: rankCount)
        for token in tokens { lengths[token.rank] = token.bytes.count }
        var offsets = [UInt32](repeating: 0, count: rankCount + 1)
        for rank in 0..<rankCount { offsets[rank + 1] = offsets[rank] + UInt32(lengths[rank]) }
        var bytes = [UInt8](repeating: 0, count: Int(offsets[rankCount]))
        for token in tokens {
            let start = Int(offsets[token.rank])
            bytes.replaceSubrange(start..<(start + token.bytes.count), with: token.bytes)
        }
        var capacity = 1024
        while capacity < tokens.count * 5 / 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        bytes.withUnsafeBufferPointer { all in
            for token in tokens {
                let start = Int(offsets[token.rank])
                let hash = Self.hash(all.baseAddress! + start, token.bytes.count)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(token.rank + 1)
            }
        }
        self.bytes = bytes
        self.offsets = offsets
        self.slots = slots
    }

    /// The bytes of a rank, or `nil` for a rank outside the vocabulary.
    func tokenBytes(_ rank: Int) -> ArraySlice<UInt8>? {
        guard rank >= 0, rank < rankCount, offsets[rank] < offsets[rank + 1] else { return nil }
        return bytes[Int(offsets[rank])..<Int(offsets[rank + 1])]
    }

    /// A multiply-xorshift hash of a byte string, eight bytes at a time.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(truncatingIfNeeded: count) &* multiplier
        var index = 0
        let raw = UnsafeRawPointer(start)
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            index += 8
        }
        if index < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                word |= UInt64(start[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
        }
        hash = (hash ^ (hash >> 32)) &* multiplier
        return hash ^ (hash >> 31)
    }
}

/// The table's arrays as raw buffers, for the encoder's inner loops (valid inside `RankTable.withView`).
struct RankView {
    let bytes: UnsafeBufferPointer<UInt8>
    let offsets: UnsafeBufferPointer<UInt32>
    let slots: UnsafeBufferPointer<UInt64>
    let mask: Int

    /// The sentinel for "not a token".
    static let none: UInt32 = .max

    /// The rank of `count` bytes at `start`, or `RankView.none`.
    @inline(__always)
    func rank(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt32 {
        let hash = RankTable.hash(start, count)
        let fingerprint = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return Self.none }
            if entry & 0xFFFF_FFFF_0000_0000 == fingerprint {
                let rank = Int(entry & 0xFFFF_FFFF) - 1
                let tokenStart = Int(offsets[rank])
                if Int(offsets[rank + 1]) - tokenStart == count
                    && (count == 0 || memcmpEqual(bytes.baseAddress! + tokenStart, start, count))
                {
                    return UInt32(rank)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }
}

extension RankTable {
    /// Runs `body` with raw views of the table (no bounds checks or reference counting in the inner loops).
    func withView<Result>(_ body: (RankView) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { bytes in
            try offsets.withUnsafeBufferPointer { offsets in
                try slots.withUnsafeBufferPointer { slots in
                    try body(RankView(bytes: bytes, offsets: offsets, slots: slots, mask: slots.count - 1))
                }
            }
        }
    }
}
