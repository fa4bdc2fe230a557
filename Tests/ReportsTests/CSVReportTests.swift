import PostureModel
@testable import Reports
import RuleEngine
import Testing

@Suite("CSV report")
struct CSVReportTests {
    func rows(_ text: String) -> [String] { text.components(separatedBy: "\r\n").filter { !$0.isEmpty } }

    @Test("a header and one row per finding, CRLF line ends, with suppression and baseline columns")
    func shape() {
        let text = CSVReport().render(WorkflowFixtures.result())
        let lines = rows(text)
        #expect(lines.count == 8)
        #expect(lines[0].hasPrefix("rule_id,title,severity,status,resource_type,resource_name,resource_id,address,file,line,column,"))
        #expect(lines[1].hasPrefix("BW-T-001,Things disable local auth,high,fail,Microsoft.Test/things,fresh,"))
        #expect(lines[3].contains(",suppressed,") && lines[3].contains(",Legacy | client <needs> `keys`,2099-01-31,false,inline,"))
        #expect(lines[6].hasSuffix(",10.0.0.9,443,CVE-2024-0001"))
    }

    @Test("RFC 4180 quoting: commas, quotes and line breaks")
    func quoting() {
        #expect(CSVReport.field("a,b") == "\"a,b\"")
        #expect(CSVReport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReport.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVReport.field("plain") == "plain")
    }

    @Test("cells a spreadsheet would run as formulas get a leading quote")
    func formulaInjection() {
        #expect(CSVReport.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVReport.field("+1") == "'+1" && CSVReport.field("-1") == "'-1" && CSVReport.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVReport.field("\tx") == "'\tx" && CSVReport.field("\rx") == "\"'\rx\"")
        var result = ReportFixtures.result
        result.findings[0].resource.name = "=cmd|' /C calc'!A0"
        #expect(CSVReport().render(result).contains(",'=cmd|' /C calc'!A0,"))
    }
}
