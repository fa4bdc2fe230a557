import Foundation
import PostureModel
import Reports
import RuleEngine
import Testing

@Suite("SARIF report: suppressions, baseline state, automation details, unplaced host findings")
struct SARIFWorkflowTests {
    func run(_ result: ScanResult) throws -> [String: Any] {
        let log = try #require(try JSONSerialization.jsonObject(with: try SARIFReport().render(result)) as? [String: Any])
        return try #require((log["runs"] as? [[String: Any]])?.first)
    }

    func results(_ run: [String: Any]) -> [[String: Any]] { run["results"] as? [[String: Any]] ?? [] }

    @Test("a suppressed result carries its suppression: inline in source, project file external, with the reason")
    func suppressions() throws {
        var result = WorkflowFixtures.result()
        var external = result.findings[2]
        external.suppression = AppliedSuppression(WorkflowFixtures.expired, expired: false)
        result.findings.append(external)
        let all = results(try run(result))
        let suppressed = all.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 2)
        let inline = try #require((suppressed[0]["suppressions"] as? [[String: Any]])?.first)
        #expect(inline["kind"] as? String == "inSource" && inline["status"] == nil)
        #expect((inline["justification"] as? String)?.hasPrefix("Legacy | client") == true)
        #expect((suppressed[1]["suppressions"] as? [[String: Any]])?.first?["kind"] as? String == "external")
        // An expired suppression sets nothing aside: the result fails and says the suppression ended.
        let lapsed = try #require(all.first { (($0["message"] as? [String: Any])?["text"] as? String)?.contains("gone-back") == true })
        #expect(lapsed["suppressions"] == nil && lapsed["kind"] as? String == "fail")
        #expect((((lapsed["message"] as? [String: Any])?["text"]) as? String)?.contains("suppression expired on 2020-01-01") == true)
    }

    @Test("with a baseline every result has a state, and fixed entries are results in state absent")
    func baselineState() throws {
        let all = results(try run(WorkflowFixtures.result()))
        #expect(all.allSatisfy { $0["baselineState"] != nil })
        #expect(all.map { $0["baselineState"] as? String } == ["new", "unchanged", "new", "new", "new", "absent"])
        let absent = try #require(all.last)
        #expect((absent["partialFingerprints"] as? [String: String])?["bulwarkFinding/v1"] == WorkflowFixtures.fixedEntry.fingerprint)
        #expect(absent["kind"] as? String == "pass" && absent["level"] as? String == "none")
        #expect(results(try run(WorkflowFixtures.result(baseline: false))).allSatisfy { $0["baselineState"] == nil })
    }

    @Test("automationDetails names the category; host findings matched to no resource are counted in a notification")
    func automationAndUnplaced() throws {
        let run = try run(WorkflowFixtures.result())
        #expect((run["automationDetails"] as? [String: String])?["id"] == "bulwark/posture/")
        let texts = results(run).compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        #expect(texts.contains { $0.contains("vm-web") })
        #expect(!texts.contains { $0.contains("10.0.0.9") })
        let notifications = (run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]] ?? []
        let note = try #require(notifications.first { ($0["properties"] as? [String: String])?["code"] == "unplaced-host-findings" })
        #expect(((note["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("1 vulnerability finding on hosts") == true)
    }
}
