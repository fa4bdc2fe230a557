import LocatedJSON
import SourceModel
import PostureModel
import Testing
@testable import RuleEngine

/// `defaults:` gives a property the value the service sets when a template leaves it out, by API version.
@Suite("Service defaults by API version")
struct ServiceDefaultTests {
    static func storage(apiVersion: String?, _ properties: String = "{}") throws -> Resource {
        try EvidenceTests.resource(
            "Microsoft.Storage/storageAccounts", "st", #"{"kind": "StorageV2", "properties": \#(properties)}"#, apiVersion: apiVersion)
    }

    @Test("BW-ST-003 passes an account without allowBlobPublicAccess from API version 2023-01-01, and fails an older one")
    func blobPublicAccessDefault() throws {
        #expect(try EvidenceTests.finding("BW-ST-003", on: Self.storage(apiVersion: "2023-05-01"))?.status == .pass)
        #expect(try EvidenceTests.finding("BW-ST-003", on: Self.storage(apiVersion: "2023-01-01"))?.status == .pass)
        #expect(try EvidenceTests.finding("BW-ST-003", on: Self.storage(apiVersion: "2024-01-01-preview"))?.status == .pass)
        let old = try #require(try EvidenceTests.finding("BW-ST-003", on: Self.storage(apiVersion: "2022-09-01")))
        #expect(old.status == .fail)
        #expect(old.message.contains("(properties.allowBlobPublicAccess is not set)"), "\(old.message)")
        #expect(try EvidenceTests.finding("BW-ST-003", on: Self.storage(apiVersion: nil))?.status == .fail, "no API version, no default")
        let explicit = try EvidenceTests.finding(
            "BW-ST-003", on: Self.storage(apiVersion: "2023-05-01", #"{"allowBlobPublicAccess": true}"#))
        #expect(explicit?.status == .fail, "a value the template sets wins over the default")
    }

    static func rule(defaults: String, require: String = "field: properties.x\n      equals: true") -> RuleCatalog {
        RuleLoadingTests.load(
            RuleLoadingTests.ruleFile(require: require).replacingOccurrences(
                of: "    message: It failed.", with: "    defaults:\n\(defaults)\n    message: It failed."))
    }

    @Test("the latest default that applies wins; a failing default is said in the message")
    func latestDefaultWins() throws {
        let catalog = Self.rule(
            defaults: """
                      - { field: properties.x, value: false, source: "https://learn.microsoft.com/a" }
                      - { field: properties.x, value: true, sinceApiVersion: 2020-01-01, source: "https://learn.microsoft.com/b" }
                      - { field: properties.x, value: false, sinceApiVersion: 2024-06-01, source: "https://learn.microsoft.com/c" }
                """)
        let rule = try #require(catalog.rules.first, "\(catalog.errors)")
        func status(_ apiVersion: String?) throws -> Finding? {
            let thing = try EvidenceTests.resource("Microsoft.Test/things", "t", #"{"properties": {}}"#, apiVersion: apiVersion)
            return RuleEvaluator().evaluate(rule, on: thing, in: ResourceIndex([thing]))
        }
        #expect(try status("2019-01-01")?.status == .fail)
        #expect(try status("2021-03-01")?.status == .pass)
        let newest = try #require(try status("2024-06-01"))
        #expect(newest.status == .fail)
        #expect(
            newest.message.contains("(properties.x is not set, and the service default is false from API version 2024-06-01)"),
            "\(newest.message)")
        #expect(try status(nil)?.status == .fail, "without an API version only the unversioned default applies")
    }

    @Test(
        "malformed defaults are rejected with their position and what to write",
        arguments: [
            ("  - { field: properties.x, value: true }", "expected 'source'"),
            (
                "  - { field: properties.x, value: true, sinceApiVersion: latest, source: \"https://learn.microsoft.com/a\" }",
                "API version such as 2023-01-01"
            ),
            ("  - { field: properties.y, value: true, source: \"https://learn.microsoft.com/a\" }", "the rule does not read it"),
            ("  - { field: \"properties.x[*]\", value: true, source: \"https://learn.microsoft.com/a\" }", "[*]"),
            ("  - { field: properties.x, source: \"https://learn.microsoft.com/a\" }", "expected 'value'"),
            (
                "  - { field: properties.x, value: true, since: 2023-01-01, source: \"https://learn.microsoft.com/a\" }",
                "unknown key 'since'"
            ),
            (
                "  - { field: properties.x, value: true, source: \"https://learn.microsoft.com/a\" }\n  - { field: Properties.X, value: false, source: \"https://learn.microsoft.com/b\" }",
                "two defaults for the same API versions"
            ),
        ])
    func malformedDefaults(entry: String, message: String) throws {
        let catalog = Self.rule(defaults: entry.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        #expect(catalog.rules.isEmpty)
        let error = try #require(catalog.errors.first)
        #expect(error.description.contains(message), "\(error.description)")
        #expect(error.location.line > 1, "\(error.description)")
    }
}
