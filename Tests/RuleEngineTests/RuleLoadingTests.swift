import LocatedJSON
import SourceModel
import PostureModel
import Testing
@testable import RuleEngine

@Suite("Rule loading")
struct RuleLoadingTests {
    /// A complete, valid rule with `require` replaced by `condition` (indented for the rule body).
    static func ruleFile(id: String = "BW-TEST-001", require condition: String = "field: properties.x\n      equals: true", controls: String = "[rbac]") -> String {
        """
        rules:
          - id: \(id)
            title: Test rule
            severity: high
            category: test
            controls: \(controls)
            resource:
              types: [Microsoft.Test/things]
            require:
              \(condition)
            message: It failed.
            rationale: Because.
            remediation:
              az: az thing update --x true
              bicep: "properties: { x: true }"
              terraform: x = true
            compliance:
              MCSB: [IM-1]
            links: [https://learn.microsoft.com/azure/]
            examples:
              pass: { properties: { x: true } }
              fail: { properties: { x: false } }
        """
    }

    static func load(_ yaml: String) -> RuleCatalog {
        var catalog = RuleCatalog()
        catalog.add(yaml: yaml, file: "custom.yaml")
        return catalog
    }

    @Test("a valid rule file loads")
    func loadsValidRule() throws {
        let catalog = Self.load(Self.ruleFile())
        #expect(catalog.errors.isEmpty)
        let rule = try #require(catalog.rule(withID: "bw-test-001"))
        #expect(rule.severity == .high)
        #expect(rule.controls == [.rbac])
        #expect(rule.source == SourceLocation(file: "custom.yaml", line: 2, column: 5))
    }

    @Test("an unknown operator is rejected at load time with file:line:column")
    func unknownOperator() {
        let catalog = Self.load(Self.ruleFile(require: "field: properties.x\n      equal: true"))
        #expect(catalog.rules.isEmpty)
        #expect(catalog.errors.map(\.code) == [.unknownOperator])
        #expect(catalog.errors.first?.location == SourceLocation(file: "custom.yaml", line: 11, column: 7))
        #expect(catalog.errors.first?.description.hasPrefix("custom.yaml:11:7: unknown operator 'equal'; expected one of equals, notEquals") == true)
    }

    @Test("malformed field paths are rejected", arguments: ["properties..x", "properties.x[", "properties.x[0]", "properties.x.", ".x", "properties x"])
    func malformedPath(path: String) {
        let catalog = Self.load(Self.ruleFile(require: "field: '\(path)'\n      equals: true"))
        #expect(catalog.errors.map(\.code) == [.malformedPath])
        #expect(catalog.errors.first?.location.line == 10)
    }

    @Test("valid field paths parse", arguments: ["properties.x", "properties.rules[*].value", "tags['cost-center']", "properties.a[*].b[*].c", "sku.name"])
    func validPath(path: String) throws {
        let parsed = FieldPath.parse(path)
        #expect((try? parsed.get()) != nil)
    }

    @Test("unknown controls, severities and keys are named")
    func invalidMetadata() {
        let badControl = Self.load(Self.ruleFile(controls: "[firewalls]"))
        #expect(badControl.errors.map(\.message) == ["unknown control 'firewalls'; see docs/controls.md for the 21 control ids"])
        let badSeverity = Self.load(Self.ruleFile().replacingOccurrences(of: "severity: high", with: "severity: urgent"))
        #expect(badSeverity.errors.map(\.code) == [.invalidValue])
        let typo = Self.load(Self.ruleFile().replacingOccurrences(of: "rationale:", with: "rational:"))
        #expect(Set(typo.errors.map(\.code)) == [.unknownKey, .missingKey])
    }

    @Test("duplicate rule ids are rejected")
    func duplicateIDs() {
        var catalog = RuleCatalog()
        catalog.add(yaml: Self.ruleFile(), file: "a.yaml")
        catalog.add(yaml: Self.ruleFile(), file: "b.yaml")
        #expect(catalog.rules.count == 1)
        #expect(catalog.errors.map(\.code) == [.duplicateID])
        #expect(catalog.errors.first?.message.contains("already defined at a.yaml:2:5") == true)
    }

    @Test("YAML syntax errors carry their position")
    func yamlSyntax() {
        let catalog = Self.load("rules:\n  - id: [unclosed\n")
        #expect(catalog.errors.map(\.code) == [.yamlSyntax])
        #expect(catalog.errors.first?.location.line == 3)
    }

    @Test("one bad rule does not hide the others in the file")
    func keepsGoodRules() {
        let two = Self.ruleFile() + "\n" + Self.ruleFile(id: "BW-TEST-002", require: "field: properties.x\n      equal: true")
            .replacingOccurrences(of: "rules:\n", with: "")
        let catalog = Self.load(two)
        #expect(catalog.rules.map(\.id) == ["BW-TEST-001"])
        #expect(catalog.errors.count == 1)
    }
}

@Suite("Rule loading: typos never change meaning")
struct RuleTypoTests {
    @Test("unknown keys in count and related, and keys beside allOf/anyOf/not, are rejected", arguments: [
        "count: { field: 'properties.a[*]', were: { field: 'properties.a[*].b', equals: 1 } }\n      equals: 1",
        "related: { type: Microsoft.Network/privateEndpoints, path: properties.x, wher: { field: name, equals: a } }",
        "allOf: [{ field: properties.x, equals: true }]\n      field: properties.y\n      equals: 2",
        "not: { field: properties.x, equals: true }\n      anyOf: [{ field: properties.y, equals: 2 }]",
    ])
    func rejectsTypos(condition: String) {
        let catalog = RuleLoadingTests.load(RuleLoadingTests.ruleFile(require: condition))
        #expect(catalog.rules.isEmpty)
        #expect(catalog.errors.map(\.code) == [.unknownKey], "\(catalog.errors)")
    }

    @Test("unknown keys in resource, remediation and examples are rejected", arguments: [
        ("types: [Microsoft.Test/things]", "types: [Microsoft.Test/things]\n      kind: [OpenAI]"),
        ("az: az thing update --x true", "azcli: az thing update --x true"),
        ("pass: { properties: { x: true } }", "passes: { properties: { x: true } }"),
    ])
    func rejectsSectionTypos(original: String, typo: String) {
        let catalog = RuleLoadingTests.load(RuleLoadingTests.ruleFile().replacingOccurrences(of: original, with: typo))
        #expect(catalog.rules.isEmpty)
        #expect(catalog.errors.contains { $0.code == .unknownKey }, "\(catalog.errors)")
    }

    @Test("YAML aliases are expanded to the anchored value, never read as null")
    func expandsAliases() throws {
        let yaml = RuleLoadingTests.ruleFile().replacingOccurrences(of: "fail: { properties: { x: false } }", with: "fail: [*ok]")
            .replacingOccurrences(of: "pass: { properties: { x: true } }", with: "pass: &ok { properties: { x: true } }")
        let catalog = RuleLoadingTests.load(yaml)
        #expect(catalog.errors.isEmpty)
        let rule = try #require(catalog.rules.first)
        #expect(rule.examples.failing.first?[member: "properties"]?[member: "x"]?.boolValue == true)
    }
}
