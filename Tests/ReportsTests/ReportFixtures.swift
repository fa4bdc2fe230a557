import LocatedJSON
import SourceModel
import PostureModel
import RuleEngine


/// A small, fixed scan result: one failing, one passing and one undecided finding, and one input error.
enum ReportFixtures {
    static let rule: Rule = {
        var catalog = RuleCatalog()
        catalog.add(yaml: """
            rules:
              - id: BW-T-001
                title: Things disable local auth
                severity: high
                category: identity
                controls: [api-key-management]
                resource: { types: [Microsoft.Test/things] }
                require: { field: properties.disableLocalAuth, equals: true }
                message: Keys are accepted.
                rationale: Keys are bearer secrets.
                remediation: { az: az thing update --disable-local-auth, bicep: "disableLocalAuth: true", terraform: local_auth_enabled = false }
                compliance: { MCSB: [IM-1] }
                links: [https://learn.microsoft.com/azure/]
                examples: { pass: { properties: { disableLocalAuth: true } }, fail: { properties: {} } }
            """, file: "test.yaml")
        return catalog.rules[0]
    }()

    static func finding(_ status: FindingStatus, name: String, actual: Value?, line: Int) -> Finding {
        let resource = Resource(
            type: "Microsoft.Test/things", name: name, id: "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Test/things/\(name)",
            body: Value(.object([])), source: SourceLocation(file: "templates/main.json", line: line, column: 5), origin: .arm
        )
        return Finding(
            ruleID: rule.id, status: status, resource: ResourceReference(resource), property: "properties.disableLocalAuth",
            actual: actual, message: status == .fail ? "Keys are accepted. (properties.disableLocalAuth is false)" : "ok",
            location: SourceLocation(file: "templates/main.json", line: line + 3, column: 9)
        )
    }

    static let result = ScanResult(
        files: ["templates/main.json"],
        resources: [],
        findings: [
            finding(.fail, name: "open", actual: Value(.bool(false)), line: 10),
            finding(.pass, name: "closed", actual: Value(.bool(true)), line: 20),
            finding(.unknown, name: "later", actual: .unknown("[parameters('auth')]", reason: "required parameter 'auth' has no value"), line: 30),
        ],
        problems: [
            Diagnostic(.malformedJSON, at: SourceLocation(file: "templates/broken file.json", line: 3, column: 7), "expected ',' or '}' after object member, found '\"'"),
            Diagnostic(.notATemplate, .note, file: "templates/expected.json", "skipped: JSON that is not an ARM template or parameter file"),
        ],
        rules: [rule]
    )
}
