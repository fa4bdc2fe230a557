import Reports
import Testing

@Suite("table report: suppressed, baseline markers, fixed, expired suppressions, remediation")
struct TableWorkflowTests {
    @Test("suppressed and fixed sections, new/unchanged markers, expired flagged, the summary's new counts")
    func sections() {
        let text = TableReport(useColor: false).render(WorkflowFixtures.result())
        #expect(text.contains("templates/main.json:13:9  [new]"))
        #expect(text.contains("templates/main.json:23:9  [unchanged]"))
        #expect(text.contains("SUPPRESSED  1\n  BW-T-001  things accepted  until 2099-01-31\n"))
        #expect(text.contains("Legacy | client <needs> `keys`"))
        #expect(text.contains("FIXED  1 (in the baseline, no longer found)\n  BW-T-001  Microsoft.Test/things mended  templates/old.json"))
        #expect(text.contains("suppression expired on 2020-01-01 (.bulwark.yaml:4:5): Was accepted until the migration"))
        #expect(text.contains("internet-exposed and has a critical vulnerability"))
        #expect(text.contains("1 suppressed, 1 expired suppression, 1 input error; baseline: 3 new, 1 unchanged, 1 fixed\n"))
        #expect(!text.contains("fix (az)"), "remediation only with --verbose")
        let plain = TableReport(useColor: false).render(WorkflowFixtures.result(baseline: false))
        #expect(!plain.contains("[new]") && !plain.contains("FIXED") && !plain.contains("baseline:"))
    }

    @Test("--verbose shows each failure's remediation")
    func remediation() {
        let text = TableReport(useColor: false, verbose: true).render(WorkflowFixtures.result())
        #expect(text.contains("fix (az): az thing update --disable-local-auth"))
        #expect(text.contains("fix (terraform): local_auth_enabled = false"))
    }
}
