import Baselines
import Foundation
import PostureModel
import ScanTesting
import SourceModel
import Testing

/// Baseline files: what is recorded, in what order, and which files are refused, with where and why.
@Suite("Baseline files")
struct BaselineFileTests {
    static func finding(_ rule: String, name: String, status: FindingStatus = .fail, address: String? = nil, property: String? = nil)
        -> Finding
    {
        let resource = Resource(
            type: "Microsoft.CognitiveServices/accounts", name: name, id: "/subscriptions/{subscription}/x/\(name)",
            body: Value(.object([])),
            source: SourceLocation(file: "main.tf", line: 3, column: 1), origin: .terraform, address: address)
        return Finding(
            ruleID: rule, status: status, resource: ResourceReference(resource), property: property, actual: nil, message: "m",
            location: SourceLocation(file: "main.tf", line: 7, column: 3))
    }

    @Test("only failures are recorded, once per fingerprint, and they read back as written")
    func roundTrip() throws {
        var expired = Self.finding("BW-AI-003", name: "b")
        expired.suppression = AppliedSuppression(
            Suppression(
                rule: "BW-AI-003", reason: "r", expires: CalendarDay("2020-01-01"), origin: .projectFile,
                location: .init(file: "p", line: 1, column: 1)),
            expired: true)
        let findings = [
            Self.finding("BW-AI-001", name: "a", property: "properties.disableLocalAuth"),
            Self.finding("BW-AI-001", name: "a", property: "properties.disableLocalAuth"),
            Self.finding("BW-AI-002", name: "a", status: .pass),
            Self.finding("BW-AI-005", name: "a", status: .unknown),
            Self.finding("BW-AI-006", name: "a", status: .suppressed),
            expired,
        ]
        let file = BaselineFile(recording: findings)
        #expect(file.entries.map(\.ruleId) == ["BW-AI-001", "BW-AI-003"])
        let folder = try TemporaryFolder()
        let path = try folder.write("baseline.json", file.rendered())
        let read = try BaselineFile.read(path)
        #expect(Set(read.entries) == Set(file.entries))
        #expect(read.entries.first { $0.ruleId == "BW-AI-001" }?.property == "properties.disableLocalAuth")
    }

    @Test("instances of one block that share a name are recorded apart by their Terraform address")
    func instancesByAddress() {
        let file = BaselineFile(recording: [
            Self.finding("BW-AI-001", name: "acct", address: "azurerm_cognitive_account.this[\"east\"]"),
            Self.finding("BW-AI-001", name: "acct", address: "azurerm_cognitive_account.this[\"west\"]"),
        ])
        #expect(file.entries.count == 2)
        #expect(Set(file.entries.compactMap(\.address)).count == 2)
    }

    @Test("the file is one entry per line, in file, rule and resource order, so a change reads well in review")
    func stableText() throws {
        let findings = [Self.finding("BW-AI-002", name: "b"), Self.finding("BW-AI-001", name: "z"), Self.finding("BW-AI-001", name: "a")]
        let text = try #require(String(data: BaselineFile(recording: findings).rendered(), encoding: .utf8))
        let lines = text.split(separator: "\n")
        #expect(lines.first == "{")
        #expect(lines[1] == "  \"bulwarkBaseline\": 1,")
        let entryLines = lines.filter { $0.contains("\"fingerprint\"") }
        #expect(entryLines.count == 3)
        #expect(entryLines.map { $0.contains("\"resourceName\": \"a\"") } == [true, false, false])
        #expect(entryLines[2].contains("BW-AI-002"))
        #expect(BaselineFile(recording: findings.reversed()).rendered() == BaselineFile(recording: findings).rendered())
        let empty = try #require(String(data: BaselineFile(recording: []).rendered(), encoding: .utf8))
        let folder = try TemporaryFolder()
        #expect(try BaselineFile.read(try folder.write("empty.json", empty)).entries.isEmpty)
    }

    func refusal(_ text: String) throws -> BaselineFileError? {
        let folder = try TemporaryFolder()
        let path = try folder.write("baseline.json", text)
        do {
            _ = try BaselineFile.read(path)
            return nil
        } catch {
            return error
        }
    }

    @Test("a file that is not a baseline, or of another format, is refused with where and why")
    func refusals() throws {
        let notJSON = try #require(try refusal("{\n  \"bulwarkBaseline\": 1,\n  oops\n}"))
        #expect(notJSON.location.line == 3)
        #expect(notJSON.message.contains("not a baseline"))

        let report = try #require(try refusal(#"{"version": 1, "findings": []}"#))
        #expect(report.message.contains("no `bulwarkBaseline` member"))
        #expect(report.diagnostic.code == .invalidBaseline)

        let newer = try #require(try refusal("{\n\"bulwarkBaseline\": 2, \"entries\": []}"))
        #expect(newer.message.contains("format 2"))
        #expect(newer.location.line == 2 && newer.location.column == 20)

        let noList = try #require(try refusal(#"{"bulwarkBaseline": 1, "entries": {}}"#))
        #expect(noList.message.contains("`entries` to be a list"))

        let badFingerprint = try #require(try refusal(#"{"bulwarkBaseline": 1, "entries": [{"fingerprint": "abc", "ruleId": "X"}]}"#))
        #expect(badFingerprint.message.contains("32 lowercase hex digits"))

        let noRule = try #require(try refusal(#"{"bulwarkBaseline": 1, "entries": [{"fingerprint": "0123456789abcdef0123456789abcdef"}]}"#))
        #expect(noRule.message.contains("`ruleId`"))

        let folder = try TemporaryFolder()
        let missing = folder.path + "/nothing.json"
        #expect(throws: BaselineFileError.self) { try BaselineFile.read(missing) }
    }
}
