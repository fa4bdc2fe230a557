import Foundation
@testable import PromptGuards
import Testing

@Suite("Content blocklists")
struct BlocklistTests {
    @Test("exact, word, regex and fuzzy entries match on normalised text")
    func matching() throws {
        let list = try Blocklist([.exact("zeus-7"), .word("apollo program"), .regex(#"\bproj-[0-9]{3}\b"#), .fuzzy("confidential", distance: 1)])
        #expect(list.firstMatch(in: "ship ZEUS-7 now") == .exact("zeus-7"))
        #expect(list.firstMatch(in: "the Apollo  program!") == .word("apollo program"))
        #expect(list.firstMatch(in: "the apolloprogram") == nil, "word entries need word boundaries")
        #expect(list.firstMatch(in: "see proj-042 please") == .regex(#"\bproj-[0-9]{3}\b"#))
        #expect(list.firstMatch(in: "strictly confidentual") == .fuzzy("confidential", distance: 1))
        #expect(list.firstMatch(in: "c\u{200B}onfid\u{0435}ntial") != nil, "invisible characters and homoglyphs do not hide a term")
        #expect(list.firstMatch(in: "nothing to see") == nil)
    }

    @Test("patterns that backtrack catastrophically, back-references and bad entries are refused with a reason", arguments: [
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
    }
}
