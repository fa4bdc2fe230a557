import PostureModel
import RuleEngine
import SourceModel
import Suppressions
import Testing

@Suite("applying suppressions")
struct SuppressionStageTests {
    let account = resource("oai-prod", file: "main.tf", line: 2, address: "azurerm_cognitive_account.main")
    let other = resource("oai-dev", file: "main.tf", line: 9)

    func project(expires: String, rule: String = "BW-AI-001", resource: String = "oai-*") -> ProjectSuppressions {
        ProjectSuppressions(
            projectFile: "suppressions:\n  - {rule: \(rule), resource: \"\(resource)\", reason: Accepted, expires: \(expires)}\n",
            file: ".bulwark.yaml", knownRules: rules)
    }

    func run(_ stage: SuppressionStage, _ findings: [Finding]) -> ScanResult {
        stage.apply(to: ScanResult(resources: [account, other], findings: findings))
    }

    @Test("the day before its end date a suppression applies; on that day and after, the finding fails again with a warning")
    func expiry() throws {
        for (today, applies) in [("2027-01-30", true), ("2027-01-31", false), ("2027-02-01", false)] {
            let stage = SuppressionStage(
                projectFile: project(expires: "2027-01-31"), inline: InlineSuppressions(), appliesInline: true, today: day(today))
            let result = run(stage, [finding("BW-AI-001", .fail, on: account)])
            let judged = try #require(result.findings.first)
            #expect(judged.status == (applies ? .suppressed : .fail), "\(today)")
            #expect(judged.suppression?.expired == !applies)
            #expect(judged.suppression?.suppression.reason == "Accepted")
            let expired = result.problems.filter { $0.code == .suppressionExpired }
            #expect(expired.count == (applies ? 0 : 1))
            if let warning = expired.first {
                #expect(warning.severity == .warning)
                #expect(warning.message.contains("BW-AI-001") && warning.message.contains("azurerm_cognitive_account.main"))
                #expect(warning.message.contains("2027-01-31"))
                #expect(warning.location.description == ".bulwark.yaml:2:5")
            }
            #expect(result.summary.suppressed == (applies ? 1 : 0))
            #expect(result.summary.expiredSuppressions == (applies ? 0 : 1))
            #expect(result.exitCode(failOn: .info) == (applies ? 0 : 1), "findings of rules outside the result count as info")
        }
    }

    @Test("unknown verdicts are suppressed too; a pass is untouched and its suppression is not unmatched")
    func statuses() {
        let stage = SuppressionStage(
            projectFile: project(expires: "never"), inline: InlineSuppressions(), appliesInline: true, today: day("2027-01-01"))
        let unknown = run(stage, [finding("BW-AI-001", .unknown, on: account)])
        #expect(unknown.findings.first?.status == .suppressed)
        let pass = run(stage, [finding("BW-AI-001", .pass, on: account)])
        #expect(pass.findings.first?.status == .pass)
        #expect(pass.findings.first?.suppression == nil)
        #expect(pass.problems.isEmpty, "\(pass.problems)")
    }

    @Test("a suppression only takes its own rule on resources its glob matches; one that matches nothing warns")
    func matching() {
        let stage = SuppressionStage(
            projectFile: project(expires: "never", resource: "*-prod"), inline: InlineSuppressions(), appliesInline: true,
            today: day("2027-01-01"))
        let result = run(
            stage,
            [finding("BW-AI-001", .fail, on: account), finding("BW-AI-001", .fail, on: other), finding("BW-AI-002", .fail, on: account)])
        #expect(result.findings.map(\.status) == [.suppressed, .fail, .fail])
        #expect(result.problems.isEmpty)
        let none = SuppressionStage(
            projectFile: project(expires: "never", resource: "nothing-*"), inline: InlineSuppressions(), appliesInline: true,
            today: day("2027-01-01"))
        let unmatched = run(none, [finding("BW-AI-001", .fail, on: account)])
        #expect(unmatched.findings.first?.status == .fail)
        #expect(unmatched.problems.map(\.code) == [.suppressionUnmatched])
        #expect(unmatched.problems.first?.severity == .warning)
    }

    @Test("project file errors reach the result as errors: exit 2")
    func errors() {
        let stage = SuppressionStage(
            projectFile: project(expires: "2027-02-30"), inline: InlineSuppressions(), appliesInline: true, today: day("2027-01-01"))
        let result = run(stage, [finding("BW-AI-001", .fail, on: account)])
        #expect(result.errors.map(\.code) == [.invalidSuppression])
        #expect(result.exitCode(failOn: .low) == 2)
    }

    @Test("inline suppressions apply to their resource; --no-inline-suppressions leaves them out with a note")
    func inline() throws {
        let scratch = try Scratch()
        let file = try scratch.write(
            "main.tf",
            """
            # bulwark:suppress BW-AI-001 reason="Demo only" until=2027-01-31
            resource "azurerm_cognitive_account" "main" {
              name = "oai-prod"
            }
            # bulwark:suppress BW-AI-002 reason="Old" until=2026-01-01
            resource "azurerm_cognitive_account" "dev" {
              name = "oai-dev"
            }
            """)
        let main = resource("oai-prod", file: file, line: 2)
        let dev = resource("oai-dev", file: file, line: 6)
        let inline = InlineSuppressions(resources: [main, dev], knownRules: rules)
        let findings = [
            finding("BW-AI-001", .fail, on: main), finding("BW-AI-001", .fail, on: dev), finding("BW-AI-002", .fail, on: dev),
        ]
        let applied = SuppressionStage(projectFile: ProjectSuppressions(), inline: inline, appliesInline: true, today: day("2027-01-01"))
            .apply(to: ScanResult(resources: [main, dev], findings: findings))
        #expect(applied.findings.map(\.status) == [.suppressed, .fail, .fail])
        #expect(applied.findings[0].suppression?.suppression.origin == .inline)
        #expect(applied.findings[2].suppression?.expired == true)
        #expect(applied.problems.map(\.code) == [.suppressionExpired])
        #expect(applied.problems.first?.location.line == 5)

        let governed = SuppressionStage(projectFile: ProjectSuppressions(), inline: inline, appliesInline: false, today: day("2027-01-01"))
            .apply(to: ScanResult(resources: [main, dev], findings: findings))
        #expect(governed.findings.map(\.status) == [.fail, .fail, .fail])
        #expect(governed.findings.allSatisfy { $0.suppression == nil })
        #expect(governed.problems.map(\.code) == [.inlineSuppressionsIgnored])
        #expect(governed.problems.first?.severity == .note)
        #expect(governed.problems.first?.message.hasPrefix("2 inline suppressions were not applied") == true)
    }
}
