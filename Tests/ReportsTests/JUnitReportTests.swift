import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("JUnit report")
struct JUnitReportTests {
    let xml = JUnitReport(context: WorkflowFixtures.context).render(WorkflowFixtures.result())

    /// Whether Foundation's XML parser reads the document to its end.
    static func wellFormed(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test("only XML, well-formed, with totals that add up over suites per rule and an input-error suite")
    func counts() {
        #expect(
            xml.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bulwark\" tests=\"8\" failures=\"5\" errors=\"1\" skipped=\"1\" time=\"0\">"
            ))
        #expect(xml.hasSuffix("</testsuites>\n"))
        #expect(Self.wellFormed(xml))
        #expect(
            xml.contains(
                "<testsuite name=\"BW-T-001: Things disable local auth\" tests=\"5\" failures=\"3\" errors=\"0\" skipped=\"1\" time=\"0\" timestamp=\"2027-01-15T08:00:00\">"
            ))
        #expect(xml.contains("<testsuite name=\"NESSUS-19506: Nessus Scan Information\" tests=\"2\" failures=\"2\""))
        #expect(xml.contains("<testsuite name=\"bulwark input errors\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\""))
    }

    @Test("a test case per finding: rule and resource in the name, file as class, failure with message and remediation")
    func cases() {
        #expect(
            xml.contains(
                "<testcase name=\"BW-T-001 fresh: Things disable local auth\" classname=\"templates/main.json\" file=\"templates/main.json\" line=\"13\" time=\"0\">"
            ))
        #expect(
            xml.contains(
                "<failure message=\"BW-T-001 failed on Microsoft.Test/things fresh at templates/main.json:13:9\" type=\"high\">Keys are accepted."
            ))
        #expect(xml.contains("Fix with az:\naz thing update --disable-local-auth"))
        #expect(
            xml.contains(
                "<testcase name=\"BW-T-001 closed: Things disable local auth\" classname=\"templates/main.json\" file=\"templates/main.json\" line=\"63\" time=\"0\"/>"
            ))
        #expect(
            xml.contains(
                "<error message=\"expected &apos;,&apos; or &apos;}&apos; after object member, found &apos;&quot;&apos;\" type=\"malformed-json\">"
            ))
    }

    @Test("undecided and suppressed findings are skipped with the reason and expiry, escaped")
    func skipped() {
        #expect(
            xml.contains(
                "<skipped message=\"suppressed until 2099-01-31 (inline, templates/main.json:8:3): Legacy | client &lt;needs&gt; `keys`\"/>"
            ))
        let undecided = JUnitReport().render(ReportFixtures.result)
        #expect(undecided.contains("<skipped message=\"undecided: ok\"/>"))
        #expect(Self.wellFormed(undecided))
    }

    @Test("names with markup and control characters stay well-formed XML")
    func hostileText() {
        var result = ReportFixtures.result
        result.findings[0].resource.name = "a\"<b>&c\u{1}\u{7}\nd"
        result.findings[0].message = "]]> <!-- & \u{0}"
        let text = JUnitReport().render(result)
        #expect(Self.wellFormed(text))
        #expect(text.contains("a&quot;&lt;b&gt;&amp;c\\u{1}\\u{7}&#10;d"))
    }
}
