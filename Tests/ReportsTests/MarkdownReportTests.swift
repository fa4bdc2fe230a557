import Foundation
import PostureModel
import Reports
import RuleEngine
import Testing

@Suite("Markdown report")
struct MarkdownReportTests {
    @Test("counts by status and severity, new and fixed with a baseline, suppressed and expired, input errors")
    func sections() {
        let text = MarkdownReport(context: WorkflowFixtures.context).render(WorkflowFixtures.result())
        #expect(text.hasPrefix("## Bulwark scan\n"))
        #expect(text.contains("| 5 | 1 | 0 | 1 | 1 | 1 |"))
        #expect(text.contains("Failures by severity: 2 critical, 3 high."))
        #expect(text.contains("Against the baseline: **3 new**, 1 unchanged, 1 fixed."))
        #expect(text.contains("### New failures (4)"))
        #expect(
            text.contains(
                "### Fixed since the baseline (1)\n\n| Rule | Resource | File |\n|---|---|---|\n| BW-T-001 | Microsoft.Test/things mended | templates/old.json |"
            ))
        #expect(text.contains("### Failures already in the baseline (1)"))
        #expect(text.contains("### Expired suppressions (failing again) (1)"))
        #expect(text.contains("### Suppressed (1)"))
        #expect(text.contains("### Input errors (1)"))
        #expect(text.contains("| critical | [NESSUS-19506](https://www.tenable.com/plugins/nessus/19506) Nessus Scan Information |"))
        #expect(text.contains("from templates; rules: built-in 1.0.0"))
    }

    @Test("values cannot break the table or inject HTML: pipes, backticks and angle brackets escaped")
    func escaping() {
        let text = MarkdownReport().render(WorkflowFixtures.result())
        #expect(text.contains("Legacy \\| client &lt;needs&gt; \\`keys\\`"))
        #expect(!text.contains("<needs>"))
    }

    @Test("100,000 failures stay under 1 MiB, and the summary says how many were left out")
    func large() {
        let text = MarkdownReport().render(WorkflowFixtures.large(100_000))
        #expect(text.utf8.count < 1_048_576)
        #expect(text.contains("_99950 more failures not shown: see the JSON or SARIF report._"))
        #expect(text.contains("\\| with \\`pipes\\` and &lt;tags&gt;."))
    }

    @Test("a small byte budget is kept even when each section would fill it")
    func budget() {
        let text = MarkdownReport(rowsPerSection: 10_000, maxBytes: 20_000).render(WorkflowFixtures.large(5_000))
        #expect(text.utf8.count <= 20_000)
        #expect(text.contains("more failures not shown"))
    }
}
