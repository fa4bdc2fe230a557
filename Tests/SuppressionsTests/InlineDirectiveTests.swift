import PostureModel
import SourceModel
import Suppressions
import Testing

@Suite("bulwark:suppress comments")
struct InlineDirectiveTests {
    let here = SourceLocation(file: "main.tf", line: 7, column: 3)

    func read(_ comment: String) -> InlineDirective {
        InlineDirective(comment: comment, at: here, knownRules: rules)
    }

    func problem(_ comment: String) -> String? {
        if case .malformed(let diagnostic) = read(comment) {
            #expect(diagnostic.severity == .warning)
            #expect(diagnostic.code == .malformedSuppression)
            #expect(diagnostic.location == here)
            return diagnostic.message
        }
        return nil
    }

    @Test("//, # and /* */ comments give the rule, the reason (escapes kept) and the end date")
    func forms() throws {
        for comment in [
            #"// bulwark:suppress BW-AI-001 reason="Needs \"public\" access" until=2027-01-31"#,
            #"#bulwark:suppress bw-ai-001 until=2027-01-31 reason="Needs \"public\" access""#,
            #"/* bulwark:suppress BW-AI-001 reason="Needs \"public\" access" until=2027-01-31 */"#,
        ] {
            guard case .suppression(let suppression) = read(comment) else {
                Issue.record("not read: \(comment)")
                continue
            }
            #expect(suppression.rule == "BW-AI-001")
            #expect(suppression.reason == #"Needs "public" access"#)
            #expect(suppression.expires == CalendarDay("2027-01-31"))
            #expect(suppression.origin == .inline)
            #expect(suppression.resource == nil)
            #expect(suppression.location == here)
        }
        guard case .suppression(let forever) = read("# bulwark:suppress BW-AI-002 reason=Accepted until=never") else {
            Issue.record("until=never not read")
            return
        }
        #expect(forever.expires == nil)
        #expect(forever.reason == "Accepted")
    }

    @Test("other comments are not suppressions")
    func others() {
        #expect(read("// a comment about bulwark:suppress") == .none)
        #expect(read("# TODO") == .none)
    }

    @Test("no reason, an empty reason, a bad date, no date, an unknown rule, an unknown key and garbage are malformed")
    func malformed() {
        #expect(problem("// bulwark:suppress BW-AI-001 until=2027-01-31")?.contains("has no reason") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 reason="" until=2027-01-31"#)?.contains("has no reason") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 reason="x" until=2027-13-01"#)?.contains("expected until=YYYY-MM-DD") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 reason="x""#)?.contains("has no end date") == true)
        #expect(problem(#"// bulwark:suppress BW-ZZ-001 reason="x" until=never"#)?.contains("unknown rule id 'BW-ZZ-001'") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 reason="x" until=never ticket=1"#)?.contains("unknown key 'ticket'") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 because it is fine"#)?.contains("unexpected text") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 reason="unterminated until=never"#)?.contains("expected a value") == true)
        #expect(problem("// bulwark:suppress")?.contains("expected a rule id") == true)
        #expect(problem("// bulwark:suppressed BW-AI-001")?.contains("expected a space") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 reason="a" reason="b" until=never"#)?.contains("given twice") == true)
        #expect(problem(#"// bulwark:suppress BW-AI-001 reason="x" until=never"#) == nil)
        #expect(problem("// bulwark:suppress BW-AI-001 reason=\"x\" until=never")?.hasSuffix("does not apply") != true)
    }
}
