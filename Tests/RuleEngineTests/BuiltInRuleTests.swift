import PostureModel
import Testing
@testable import RuleEngine

@Suite("Built-in rules")
struct BuiltInRuleTests {
    static let catalog = RuleCatalog.builtIn()

    @Test("every built-in rule file loads without errors")
    func loadsCleanly() {
        #expect(Self.catalog.errors.isEmpty, "\(Self.catalog.errors.map(\.description).joined(separator: "\n"))")
        #expect(Self.catalog.rules.count >= 30)
    }

    @Test("every rule carries complete metadata")
    func metadataIsComplete() {
        for rule in Self.catalog.rules {
            // Checks that serve no seed control (availability) have no security benchmark control either.
            if !rule.controls.isEmpty {
                #expect(rule.compliance["MCSB"]?.isEmpty == false, "\(rule.id) has no MCSB control")
            }
            #expect(!rule.links.isEmpty, "\(rule.id) has no Microsoft Learn link")
            #expect(rule.links.allSatisfy { $0.hasPrefix("https://learn.microsoft.com/") }, "\(rule.id) links outside Microsoft Learn")
            #expect(
                rule.remediation.az != nil && rule.remediation.bicep != nil && rule.remediation.terraform != nil,
                "\(rule.id) lacks a remediation snippet")
            #expect(rule.id.hasPrefix("BW-"), "\(rule.id) does not follow the BW-AREA-NNN scheme")
        }
    }

    @Test("every passing example passes and every failing example fails", arguments: catalog.rules)
    func examplesAgree(rule original: Rule) throws {
        // A rule that applies only under some parameters is read again with the parameters its examples name.
        var rule = original
        if !original.examples.parameters.isEmpty {
            let catalog = RuleCatalog.builtIn(parameters: RuleParameters.defaults().overriding(original.examples.parameters))
            rule = try #require(catalog.rule(withID: original.id))
        }
        let evaluator = RuleEvaluator()
        for (expected, snippets) in [(FindingStatus.pass, rule.examples.passing), (.fail, rule.examples.failing)] {
            for snippet in snippets {
                let deployment = try RuleExamples.deploy(snippet, for: rule)
                #expect(deployment.problems.filter { $0.severity == .error }.isEmpty, "\(rule.id): \(deployment.problems)")
                let finding = evaluator.evaluate(rule, on: deployment.subject, in: deployment.index)
                #expect(
                    finding?.status == expected,
                    "\(rule.id) example at \(snippet.location.map(\.description) ?? "?") gave \(finding?.status.rawValue ?? "not applicable"): \(finding?.message ?? "")"
                )
            }
        }
    }
}

extension Rule: CustomTestStringConvertible {
    public var testDescription: String { id }
}
