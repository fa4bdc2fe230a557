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

/// The merge for long pieces: parts in a linked list, candidate pairs in a min-heap keyed by (rank, position), and
/// stale heap entries skipped by a per-part version.
struct HeapScratch {
    private var next: [Int32] = []
    private var previous: [Int32] = []
    private var pairRank: [UInt32] = []
    private var version: [UInt32] = []
    private var heap: [(key: UInt64, version: UInt32)] = []

    mutating func merge(_ piece: UnsafePointer<UInt8>, _ count: Int, view: RankView, into sink: inout some TokenSink) {
        next = (0..<count).map { Int32($0 + 1) }  // `count` ends the list
        previous = (0..<count).map { Int32($0 - 1) }
        version = [UInt32](repeating: 0, count: count)
        pairRank = (0..<count).map { $0 + 1 < count ? view.rank(piece + $0, 2) : RankView.none }
        heap.removeAll(keepingCapacity: true)
        for index in 0..<count where pairRank[index] != RankView.none { push(pairRank[index], index, 0) }

        func end(_ part: Int) -> Int { Int(next[part]) }
        func rankOfPair(_ part: Int) -> UInt32 {
            let following = Int(next[part])
            guard following < count else { return RankView.none }
            return view.rank(piece + part, end(following) - part)
        }
        while let top = pop() {
            let part = Int(top.key & 0xFFFF_FFFF)
            guard version[part] == top.version else { continue }  // a stale entry
            let absorbed = Int(next[part])
            version[absorbed] &+= 1
            next[part] = next[absorbed]
            if Int(next[part]) < count { previous[Int(next[part])] = Int32(part) }
            version[part] &+= 1
            pairRank[part] = rankOfPair(part)
            if pairRank[part] != RankView.none { push(pairRank[part], part, version[part]) }
            let before = Int(previous[part])
            if before >= 0 {
                version[before] &+= 1
                pairRank[before] = rankOfPair(before)
                if pairRank[before] != RankView.none { push(pairRank[before], before, version[before]) }
            }
        }
        var part = 0
        while part < count {
            sink.append(Int(view.rank(piece + part, end(part) - part)))
            part = end(part)
        }
    }

    private mutating func push(_ rank: UInt32, _ part: Int, _ version: UInt32) {
        heap.append((UInt64(rank) << 32 | UInt64(part), version))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if heap[parent].key <= heap[child].key { break }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func pop() -> (key: UInt64, version: UInt32)? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= heap.count { break }
            let right = left + 1
            let smaller = right < heap.count && heap[right].key < heap[left].key ? right : left
            if heap[parent].key <= heap[smaller].key { break }
            heap.swapAt(parent, smaller)
            parent = smaller
        }
        return top
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
