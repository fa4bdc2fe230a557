@testable import BPE
import Testing

@Suite("Round trips and hostile input")
struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomText(_ generator: inout SplitMix, length: Int) -> String {
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0x09...0x0D, 0xA0...0x24F, 0x300...0x36F, 0x370...0x52F, 0x590...0x6FF, 0x900...0x97F,
            0xE00...0xE7F, 0x2000...0x206F, 0x3000...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0x1F300...0x1FAFF,
            0x1D400...0x1D7FF, 0x20000...0x2A6DF, 0xE0000...0xE007F, 0x10000...0x10FFFF,
        ]
        var scalars = String.UnicodeScalarView()
        while scalars.count < length {
            let range = ranges.randomElement(using: &generator)!
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    @Test("decode(encode(x)) gives x's bytes back for random Unicode text, in both encodings", arguments: EncodingName.allCases)
    func randomRoundTrip(_ name: EncodingName) throws {
        let encoding = try BPEEncoding.named(name)
        var generator = SplitMix(state: 20_261_207)
        for _ in 0..<300 {
            let text = Self.randomText(&generator, length: Int.random(in: 0...80, using: &generator))
            let ids = encoding.encode(text)
            #expect(try encoding.decode(ids) == Array(text.utf8), "\(text.debugDescription)")
            #expect(encoding.count(text) == ids.count)
        }
    }

    @Test("Hostile input finishes and round-trips", arguments: EncodingName.allCases)
    func hostile(_ name: EncodingName) throws {
        let encoding = try BPEEncoding.named(name)
        var generator = SplitMix(state: 7)
        let invalid = String(decoding: (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }, as: UTF8.self)
        let inputs = [
            "",
            String(repeating: "a", count: 1 << 20),
            String(repeating: "中", count: 1 << 18),
            String(repeating: " ", count: 1 << 20),
            String(repeating: " \n\t\r\u{3000}", count: 50_000),
            String(repeating: "7", count: 100_000),
            String(repeating: "ab1 ", count: 50_000),
            String(repeating: "e\u{301}", count: 50_000),
            invalid,
        ]
        for text in inputs {
            let ids = encoding.encode(text)
            #expect(try encoding.decode(ids) == Array(text.utf8))
            #expect(text.isEmpty == ids.isEmpty)
        }
        #expect(encoding.count(String(repeating: "7", count: 100_000)) == 33_334)
    }

    @Test("The heap merge for long pieces chooses the same pairs as the reference's scan", arguments: EncodingName.allCases)
    func heapEqualsScan(_ name: EncodingName) throws {
        let encoding = try BPEEncoding.named(name)
        var generator = SplitMix(state: 99)
        let alphabets: [[UInt8]] = [Array("ab".utf8), Array("abcdefgh".utf8), Array("  \n".utf8), Array("中文字".utf8), Array(0...255)]
        var merge = BytePairMerge()
        var heap = HeapScratch()
        encoding.table.withView { view in
            for round in 0..<60 {
                let alphabet = alphabets[round % alphabets.count]
                let piece = (0..<Int.random(in: 2...700, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
                var scanned = TokenArray()
                var heaped = TokenArray()
                piece.withUnsafeBufferPointer { bytes in
                    merge.mergeByScan(bytes.baseAddress!, bytes.count, view: view, into: &scanned)
                    heap.merge(bytes.baseAddress!, bytes.count, view: view, into: &heaped)
                }
                #expect(scanned.tokens == heaped.tokens, "round \(round)")
            }
        }
    }

    @Test("Unknown ids are a typed error; special ids decode to their text")
    func decodeIds() throws {
        let encoding = try BPEEncoding.named(.cl100kBase)
        #expect(try encoding.decode([100_257]) == Array("<|endoftext|>".utf8))
        #expect(encoding.vocabularySize == 100_277)
        #expect(try BPEEncoding.o200kBase.vocabularySize == 200_019)
        #expect(throws: BPEError.self) { try encoding.decode([-1]) }
        do {
            _ = try encoding.decode([5_000_000])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownToken)
        }
    }

    @Test("Special tokens in text are ordinary text")
    func specialTokensAsText() throws {
        let encoding = try BPEEncoding.named(.o200kBase)
        let ids = encoding.encode("<|endoftext|>")
        #expect(!ids.contains(199_999))
        #expect(ids.count > 1)
    }

    @Test("Concurrent first uses share one loaded encoding")
    func sharedInstance() async throws {
        let identities = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
            for _ in 0..<8 { group.addTask { ObjectIdentifier(try BPEEncoding.named("o200k_base")) } }
            return try await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
        }
        #expect(identities.count == 1)
        #expect(throws: BPEError.self) { try BPEEncoding.named("p50k_base") }
    }
}
