import Foundation
import PostureModel
import Reports
import RuleEngine
import Testing

@Suite("GitLab SAST report")
struct GitLabReportTests {
    func report(_ result: ScanResult) throws -> [String: Any] {
        let data = GitLabReport(context: WorkflowFixtures.context).render(result)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("schema 15.0.4 with the scan block; only failures, suppressed and passing ones left out")
    func shape() throws {
        let report = try report(WorkflowFixtures.result())
        #expect(report["version"] as? String == "15.0.4")
        let scan = try #require(report["scan"] as? [String: Any])
        #expect(scan["type"] as? String == "sast" && scan["status"] as? String == "failure")
        #expect(scan["start_time"] as? String == "2027-01-15T08:00:00" && scan["end_time"] as? String == "2027-01-15T08:00:00")
        #expect(((scan["analyzer"] as? [String: Any])?["vendor"] as? [String: String])?["name"] == "Bulwark")
        let vulnerabilities = try #require(report["vulnerabilities"] as? [[String: Any]])
        #expect(vulnerabilities.count == 5)
        #expect(((try self.report(ReportFixtures.result))["scan"] as? [String: Any])?["status"] as? String == "failure")
    }

    @Test("each vulnerability: a stable UUID-shaped id, name, severity, location, rule and CVE identifiers")
    func vulnerability() throws {
        let vulnerabilities = try #require(try report(WorkflowFixtures.result())["vulnerabilities"] as? [[String: Any]])
        let first = vulnerabilities[0]
        let id = try #require(first["id"] as? String)
        #expect(id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(first["name"] as? String == "Things disable local auth" && first["severity"] as? String == "High")
        #expect((first["location"] as? [String: Any])?["file"] as? String == "templates/main.json")
        #expect((first["location"] as? [String: Any])?["start_line"] as? Int == 13)
        #expect((first["identifiers"] as? [[String: Any]])?.first?["value"] as? String == "BW-T-001")
        #expect((first["solution"] as? String)?.contains("az: az thing update --disable-local-auth") == true)
        let nessus = vulnerabilities[3]
        #expect(nessus["severity"] as? String == "Critical")
        #expect(
            (nessus["identifiers"] as? [[String: Any]])?.contains {
                $0["type"] as? String == "cve" && $0["value"] as? String == "CVE-2024-0001"
            } == true)
    }
}
