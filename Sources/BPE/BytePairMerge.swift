/// The rank-based merge of one pre-token's bytes, as tiktoken does it: repeatedly join the adjacent pair whose
/// joined bytes have the lowest rank (the leftmost such pair on a tie) until no adjacent pair is a token.
struct BytePairMerge {
    /// Pieces up to this many bytes use the reference's quadratic scan; longer ones a heap, O(n log n), with the
    /// same choice of pair at every step (lowest rank, then leftmost).
    static let quadraticLimit = 256

    private var starts: [Int] = []
    private var ranks: [UInt32] = []
    private var heapScratch = HeapScratch()

    /// Appends the tokens of the `count` bytes at `piece` to `sink`.
    @inline(__always)
    mutating func encode(_ piece: UnsafePointer<UInt8>, _ count: Int, view: RankView, into sink: inout some TokenSink) {
        let whole = view.rank(piece, count)
        if whole != RankView.none {
            sink.append(Int(whole))
        } else if count <= Self.quadraticLimit {
            mergeByScan(piece, count, view: view, into: &sink)
        } else {
            heapScratch.merge(piece, count, view: view, into: &sink)
        }
    }

    /// The reference's algorithm: `starts[i]` begins part i, `ranks[i]` is the rank of parts i and i+1 joined.
    mutating func mergeByScan(_ piece: UnsafePointer<UInt8>, _ count: Int, view: RankView, into sink: inout some TokenSink) {
        starts.removeAll(keepingCapacity: true)
        ranks.removeAll(keepingCapacity: true)
        for index in 0...count { starts.append(index) }
        for index in 0..<count { ranks.append(index + 1 < count ? view.rank(piece + index, 2) : RankView.none) }
        ranks.append(RankView.none)
        starts.withUnsafeMutableBufferPointer { starts in
            ranks.withUnsafeMutableBufferPointer { ranks in
                var parts = count + 1  // boundaries
                while parts > 2 {
                    var minimum = RankView.none
                    var at = -1
                    for index in 0..<(parts - 1) where ranks[index] < minimum {
                        minimum = ranks[index]
                        at = index
                    }
                    if at < 0 { break }
                    // Part `at` absorbs part `at + 1`: refresh the pair starting at `at` and the one ending there.
                    ranks[at] =
                        at + 3 < parts ? view.rank(piece + starts[at], starts[at + 3] - starts[at]) : RankView.none
                    if at > 0 {
                        ranks[at - 1] =
                            at + 2 < parts
                            ? view.rank(piece + starts[at - 1], starts[at + 2] - starts[at - 1]) : RankView.none
                    }
                    for index in (at + 1)..<(parts - 1) {
                        starts[index] = starts[index + 1]
                        ranks[index] = ranks[index + 1]
                    }
                    parts -= 1
                }
                for index in 0..<(parts - 1) {
                    sink.append(Int(view.rank(piece + starts[index], starts[index + 1] - starts[index])))
                }
            }
        }
    }
}

/// The merge for long pieces: parts in a linked list, candidate pairs in a binary min-heap of `rank << 32 | start`
/// (so the lowest rank, then the leftmost pair, comes first).
///
/// Stale heap entries are recognised without versions: a pair's bytes only ever grow (its start stays, its end moves
/// right as parts merge), so a part's pair never returns to an earlier byte string, and an entry is current exactly
/// when its rank is still the part's pair rank (a merged-away part's pair rank is `RankView.none`). A part's start
/// takes the low 32 bits of an entry: pieces are below 4 GiB.
struct HeapScratch {
    private var heap: [UInt64] = []

    mutating func merge(_ piece: UnsafePointer<UInt8>, _ count: Int, view: RankView, into sink: inout some TokenSink) {
        var next = Array(1...count)  // `count` ends the list
        var previous = Array(-1..<(count - 1))
        var pairRank = (0..<count).map { $0 + 1 < count ? view.rank(piece + $0, 2) : RankView.none }
        heap.removeAll(keepingCapacity: true)
        heap.reserveCapacity(count * 2)
        for index in 0..<count where pairRank[index] != RankView.none { heap.append(UInt64(pairRank[index]) << 32 | UInt64(index)) }
        heap.sort()  // a sorted array is a valid min-heap
        var heap = self.heap
        self.heap = []
        defer { self.heap = heap }
        next.withUnsafeMutableBufferPointer { next in
            previous.withUnsafeMutableBufferPointer { previous in
                pairRank.withUnsafeMutableBufferPointer { pairRank in
                    func rankOfPair(_ part: Int) -> UInt32 {
                        let following = next[part]
                        guard following < count else { return RankView.none }
                        return view.rank(piece + part, next[following] - part)
                    }
                    while let top = Self.popMinimum(&heap) {
                        let part = Int(top & 0xFFFF_FFFF)
                        guard pairRank[part] == UInt32(top >> 32) else { continue }  // a stale entry
                        let absorbed = next[part]
                        pairRank[absorbed] = RankView.none
                        next[part] = next[absorbed]
                        if next[part] < count { previous[next[part]] = part }
                        pairRank[part] = rankOfPair(part)
                        if pairRank[part] != RankView.none { Self.push(UInt64(pairRank[part]) << 32 | UInt64(part), &heap) }
                        let before = previous[part]
                        if before >= 0 {
                            pairRank[before] = rankOfPair(before)
                            if pairRank[before] != RankView.none { Self.push(UInt64(pairRank[before]) << 32 | UInt64(before), &heap) }
                        }
                    }
                }
            }
        }
        var part = 0
        while part < count {
            let end = next[part]
            sink.append(Int(view.rank(piece + part, end - part)))
            part = end
        }
    }

    private static func push(_ entry: UInt64, _ heap: inout [UInt64]) {
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { heap in
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if heap[parent] <= entry { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    private static func popMinimum(_ heap: inout [UInt64]) -> UInt64? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        return heap.withUnsafeMutableBufferPointer { heap in
            let top = heap[0]
            var parent = 0
            while true {
                var child = 2 * parent + 1
                if child >= heap.count { break }
                if child + 1 < heap.count && heap[child + 1] < heap[child] { child += 1 }
                if last <= heap[child] { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = last
            return top
        }
    }
}

/// Where encoded tokens go: an array of ids, or just a count.
protocol TokenSink {
    mutating func append(_ token: Int)
}

struct TokenArray: TokenSink {
    var tokens: [Int] = []
    @inline(__always) mutating func append(_ token: Int) { tokens.append(token) }
}

struct TokenCount: TokenSink {
    var count = 0
    @inline(__always) mutating func append(_ token: Int) { count += 1 }
}
