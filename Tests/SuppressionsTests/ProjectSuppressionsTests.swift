import PostureModel
import SourceModel
import Suppressions
import Testing

@Suite("project file suppressions")
struct ProjectSuppressionsTests {
    func read(_ text: String) -> ProjectSuppressions {
        ProjectSuppressions(projectFile: text, file: ".bulwark.yaml", knownRules: rules)
    }

    @Test("a complete item is read with its rule, glob, reason, end date and position")
    func complete() throws {
        let project = read(
            """
            parameters:
              maxTokens: 10
            suppressions:
              - rule: bw-ai-001
                resource: "*/accounts/oai-*"
                reason: Private endpoint lands in Q3
                expires: 2027-01-31
              - rule: NESSUS-19506
                resource: "*"
                reason: Scanner info only
                expires: never
            """)
        #expect(project.problems.isEmpty, "\(project.problems)")
        let first = try #require(project.suppressions.first)
        #expect(first.rule == "BW-AI-001")
        #expect(first.resource == "*/accounts/oai-*")
        #expect(first.reason == "Private endpoint lands in Q3")
        #expect(first.expires == CalendarDay("2027-01-31"))
        #expect(first.origin == .projectFile)
        #expect(first.location.description == ".bulwark.yaml:4:5")
        #expect(project.suppressions.last?.expires == nil)
    }

    @Test("no reason, a blank reason, a bad date, an unknown rule, no rule, an unknown key and a list value are errors at their line")
    func errors() {
        let project = read(
            """
            suppressions:
              - rule: BW-AI-001
                resource: "*"
                expires: 2027-01-31
              - rule: BW-AI-001
                resource: "*"
                reason: "  "
                expires: 2027-01-31
              - rule: BW-AI-001
                resource: "*"
                reason: ok
                expires: 2027-02-30
              - rule: BW-XX-404
                resource: "*"
                reason: ok
                expires: never
              - resource: "*"
                reason: ok
                expires: never
              - rule: BW-AI-001
                resource: "*"
                reason: ok
                expires: never
                approver: me
              - rule: BW-AI-001
                resource: [a, b]
                reason: ok
                expires: never
              - rule: BW-AI-001
                reason: ok
            """)
        #expect(project.suppressions.isEmpty)
        #expect(project.problems.allSatisfy { $0.severity == .error && $0.code == .invalidSuppression })
        let lines = project.problems.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        #expect(lines.contains { $0.hasPrefix("2:5 this suppression has no 'reason'") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("7:13 'reason' is empty") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("12:14 expected 'expires' to be a real date") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("13:11 unknown rule id 'BW-XX-404'") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("17:5 this suppression has no 'rule'") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("24:5 unknown key 'approver'") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("26:15 expected 'resource' to be a single value") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("29:5 this suppression has no 'resource'") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("29:5 this suppression has no 'expires'") }, "\(lines)")
    }

    @Test("a section that is not a list, or an item that is not a mapping, is an error; no section is nothing")
    func shapes() {
        #expect(read("suppressions: yes").problems.first?.message.contains("expected 'suppressions' to be a list") == true)
        #expect(read("suppressions:\n  - BW-AI-001\n").problems.first?.location.line == 2)
        #expect(read("parameters: {}\n").problems.isEmpty)
        #expect(read("suppressions:\n").problems.isEmpty)
        #expect(read("suppressions: [\n").problems.isEmpty, "the rule parameters' reader reports a syntax error")
    }
}
