import Foundation
@testable import PromptGuards
import Testing

@Suite("Content blocklists")
struct BlocklistTests {
    @Test("exact, word, regex and fuzzy entries match on normalised text")
    func matching() throws {
        let list = try Blocklist([
            .exact("zeus-7"), .word("apollo program"), .regex(#"\bproj-[0-9]{3}\b"#), .fuzzy("confidential", distance: 1),
        ])
        #expect(list.firstMatch(in: "ship ZEUS-7 now") == .exact("zeus-7"))
        #expect(list.firstMatch(in: "the Apollo  program!") == .word("apollo program"))
        #expect(list.firstMatch(in: "the apolloprogram") == nil, "word entries need word boundaries")
        #expect(list.firstMatch(in: "see proj-042 please") == .regex(#"\bproj-[0-9]{3}\b"#))
        #expect(list.firstMatch(in: "strictly confidentual") == .fuzzy("confidential", distance: 1))
        #expect(list.firstMatch(in: "c\u{200B}onfid\u{0435}ntial") != nil, "invisible characters and homoglyphs do not hide a term")
        #expect(list.firstMatch(in: "nothing to see") == nil)
        // Lists built one entry at a time (as the gateway's configuration does) join without compiling again.
        let joined = Blocklist(concatenating: try [Blocklist([.exact("zeus-7")]), Blocklist([.fuzzy("confidential", distance: 1)])])
        #expect(joined.entries == [.exact("zeus-7"), .fuzzy("confidential", distance: 1)])
        #expect(joined.firstMatch(in: "strictly confidentual") == .fuzzy("confidential", distance: 1))
        #expect(joined == (try Blocklist([.exact("zeus-7"), .fuzzy("confidential", distance: 1)])))
    }

    @Test(
        "patterns that backtrack catastrophically, back-references and bad entries are refused with a reason",
        arguments: [
            #"(a+)+$"#, #"(a*)*b"#, #"(x+x+)+y"#, #"(\w+\s?)*$"#, #"(a)\1"#, #"[unclosed"#,
        ])
    func refusesDangerousPatterns(pattern: String) {
        #expect(throws: Blocklist.EntryError.self) { try Blocklist([.regex(pattern)]) }
    }

    @Test("a safe pattern on 1 MB of near-misses finishes; fuzzy entries beyond distance 3 are refused")
    func bounded() throws {
        let list = try Blocklist([.regex(#"a{1,5}b"#), .fuzzy("aaaaaaaaab", distance: 2)])
        #expect(list.firstMatch(in: String(repeating: "a", count: 1_000_000)) == nil)
        #expect(throws: Blocklist.EntryError.self) { try Blocklist([.fuzzy("x", distance: 9)]) }
        #expect(throws: Blocklist.EntryError.self) { try Blocklist([.word("  ")]) }
        #expect(throws: Blocklist.EntryError.self) { try Blocklist([.word("!!!")]) }
    }

    @Test("word spans are the tokenizer's words, with their hashes and scalar counts")
    func wordSpans() {
        for text in ["don't stop-me now", "a - b, c.", "naïve café 東京 'quoted'", "", "--", "x'"] {
            let normalized = TextNormalizer.normalize(text)
            let bytes = Array(normalized.utf8)
            let spans = Tokenizer.wordSpans(bytes)
            let words = Tokenizer.words(normalized).filter { $0 != "." && $0 != "," }
            #expect(spans.map { String(decoding: bytes[$0.range], as: UTF8.self) } == words.map(String.init), "\(text)")
            #expect(
                spans.map(\.hash)
                    == Tokenizer.wordHashes(normalized).filter {
                        $0 != Tokenizer.wordHashes(".").first && $0 != Tokenizer.wordHashes(",").first
                    })
            #expect(spans.map(\.scalars) == words.map(\.unicodeScalars.count))
        }
    }

    @Test("fuzzy entries match runs of several words and non-Latin words; word entries ignore punctuation between words")
    func fuzzyRuns() throws {
        let list = try Blocklist([.fuzzy("project zeus", distance: 1), .fuzzy("東京タワー", distance: 1), .word("apollo program")])
        #expect(list.firstMatch(in: "about the Projekt Zeus launch") == .fuzzy("project zeus", distance: 1))
        #expect(list.firstMatch(in: "about the projekt zeuz launch") == nil, "two edits")
        #expect(list.firstMatch(in: "visit 東京タワ now") == .fuzzy("東京タワー", distance: 1))
        #expect(list.firstMatch(in: "apollo, program") == .word("apollo program"))
    }
}
