import Foundation
import HTMLReport
import PostureModel
import Reports
import RuleEngine
import SourceModel

/// Hand-built scan results for the HTML report's tests.
enum HTMLFixtures {
    static func rule(
        id: String = "BW-T-001", title: String = "Things disable local auth", links: String = "[https://learn.microsoft.com/azure/]"
    )
        -> Rule
    {
        var catalog = RuleCatalog()
        catalog.add(
            yaml: """
                rules:
                  - id: \(id)
                    title: \(title)
                    severity: high
                    category: identity
                    controls: [api-key-management, rbac]
                    resource: { types: [Microsoft.Test/things] }
                    require: { field: properties.disableLocalAuth, equals: true }
                    message: Keys are accepted.
                    rationale: Keys are bearer secrets.
                    remediation: { az: az thing update --disable-local-auth, bicep: "disableLocalAuth: true", terraform: local_auth_enabled = false }
                    compliance: { MCSB: [IM-1] }
                    links: \(links)
                    examples: { pass: { properties: { disableLocalAuth: true } }, fail: { properties: {} } }
                """, file: "test.yaml")
        return catalog.rules[0]
    }

    static let lowRule = Rule.external(
        id: "BW-T-002", title: "A low thing", severity: .low, category: "network", controls: [.privateEndpoints],
        rationale: "Because.", source: SourceLocation(file: "other.yaml", line: 1, column: 1))

    static func finding(
        _ status: FindingStatus, name: String, rule: String = "BW-T-001", file: String = "templates/main.json", line: Int = 10,
        message: String = "Keys are accepted."
    ) -> Finding {
        let resource = Resource(
            type: "Microsoft.Test/things", name: name,
            id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Test/things/\(name)",
            body: Value(.object([])), source: SourceLocation(file: file, line: line, column: 5), origin: .arm)
        return Finding(
            ruleID: rule, status: status, resource: ResourceReference(resource), property: "properties.disableLocalAuth",
            actual: Value(.bool(false)), message: message, location: SourceLocation(file: file, line: line, column: 9))
    }

    static func suppression(reason: String = "Accepted until the migration", expires: String? = "2027-01-31") -> Suppression {
        Suppression(
            rule: "BW-T-001", resource: "*", reason: reason, expires: expires.flatMap { CalendarDay($0) }, origin: .projectFile,
            location: SourceLocation(file: ".bulwark.yaml", line: 4, column: 5))
    }

    static let context = ReportContext(
        generatedAt: Date(timeIntervalSince1970: 1_800_000_000), inputs: ["templates"], rulePack: "built-in + ./policies")

    static func render(_ result: ScanResult, context: ReportContext = context) throws -> String {
        String(decoding: try HTMLReport().render(result, context: context), as: UTF8.self)
    }

    /// How many times `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
