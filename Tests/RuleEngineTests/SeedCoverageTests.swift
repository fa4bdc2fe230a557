import PostureModel
import Testing
@testable import RuleEngine

/// Seed coverage as a check, not a claim: every seed control and every seed section has at least one rule.
@Suite("Seed coverage")
struct SeedCoverageTests {
    static let catalog = RuleCatalog.builtIn()
    static let controls = ControlCatalog.bundled

    @Test("the control definitions list all 21 seed controls, each in one of the five sections")
    func definitions() {
        #expect(Set(Self.controls.entries.map(\.control)) == Set(Control.allCases))
        #expect(Self.controls.sections.count == 5)
        for entry in Self.controls.entries {
            #expect(Self.controls.sections.contains(entry.section), "\(entry.control.rawValue) is in unknown section '\(entry.section)'")
        }
    }

    @Test("every seed control is implemented by at least one rule", arguments: Control.allCases)
    func controlHasRule(control: Control) {
        let rules = Self.catalog.rules.filter { $0.controls.contains(control) }
        #expect(!rules.isEmpty, "no rule implements \(control.rawValue)")
    }

    @Test("every seed section is implemented by at least one rule")
    func sectionHasRule() {
        for section in Self.controls.sections {
            let controls = Set(Self.controls.entries.filter { $0.section == section }.map(\.control))
            #expect(Self.catalog.rules.contains { !controls.isDisjoint(with: $0.controls) }, "no rule covers the section '\(section)'")
        }
    }

    @Test("every rule maps to MCSB, and every mapped control has a title")
    func compliance() {
        let frameworks = ComplianceFrameworks.bundled
        for rule in Self.catalog.rules {
            #expect(rule.compliance["MCSB"]?.isEmpty == false || rule.controls.isEmpty, "\(rule.id) has no MCSB mapping")
            #expect(frameworks.problems(in: rule).isEmpty)
        }
    }

    @Test("a rule parameter changes what a rule decides")
    func parameters() throws {
        var parameters = RuleParameters.defaults()
        let errors = parameters.apply(
            projectFile: "parameters:\n  allowedLocations: [swedencentral]\n  minLogRetentionDays: 30\n", file: ".bulwark.yaml")
        #expect(errors.isEmpty)
        #expect(parameters.values["allowedLocations"]?.displayText == #"["swedencentral"]"#)
        let wrong = parameters.apply(
            projectFile: "parameters:\n  allowedLocations: westeurope\n  minLogRetentionDays: -1\n  colour: blue\n", file: ".bulwark.yaml")
        #expect(wrong.map(\.code) == [.invalidValue, .invalidValue, .unknownKey])
        #expect(wrong.first?.location.line == 2)
        #expect(
            wrong.first?.message
                == "parameter 'allowedLocations' expects a list of strings, such as [swedencentral, westeurope], found \"westeurope\"")
        var catalog = RuleCatalog(parameters: parameters)
        catalog.add(yaml: RuleLoadingTests.ruleFile(require: "field: location\n      in: { parameter: allowedLocations }"), file: "p.yaml")
        let rule = try #require(catalog.rules.first, "\(catalog.errors)")
        #expect(rule.parameters == ["allowedLocations"])
        guard case .field(_, .in(let allowed)) = rule.requirement else { Issue.record("expected an 'in' condition"); return }
        #expect(allowed.map(\.stringValue) == ["swedencentral"])
        var unknownName = RuleCatalog(parameters: parameters)
        unknownName.add(
            yaml: RuleLoadingTests.ruleFile(require: "field: location\n      in: { parameter: allowedRegions }"), file: "p.yaml")
        #expect(unknownName.errors.first?.message.hasPrefix("unknown rule parameter 'allowedRegions'") == true)
    }
}
