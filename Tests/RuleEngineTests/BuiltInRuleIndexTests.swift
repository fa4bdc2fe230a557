import Foundation
import PostureModel
import SourceModel
import Testing
@testable import RuleEngine

/// The generated index of the built-in rules (`Sources/RuleEngine/BuiltInRuleIndex.swift`) and the lazy reading it
/// drives. The index is checked against the rule files themselves, so editing a rule without regenerating it fails
/// here: `BULWARK_WRITE_RULE_INDEX=1 swift test --filter BuiltInRuleIndexTests` rewrites it.
@Suite("Built-in rule index")
struct BuiltInRuleIndexTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let indexFile = root.appendingPathComponent("Sources/RuleEngine/BuiltInRuleIndex.swift")
    static let everything = RuleCatalog.builtIn()

    /// The index file's text for `rules`, as the generator writes it.
    static func indexSource(for rules: [Rule]) -> String {
        var lines: [String] = []
        for rule in rules {
            let file = rule.source.file.replacingOccurrences(of: BuiltInRulePack.displayPrefix, with: "")
            for type in rule.applicability.types {
                lines.append("        \(file) \(rule.id) \(type.name)")
            }
        }
        return """
            // Generated from Rules/*.yaml: do not edit by hand. BuiltInRuleIndexTests fails when this file no longer matches the
            // rule files; `BULWARK_WRITE_RULE_INDEX=1 swift test --filter BuiltInRuleIndexTests` rewrites it.

            extension BuiltInRulePack {
                /// One line per built-in rule and resource type it applies to, in catalog order: the file, the rule id, the
                /// resource type.
                static let indexText = \"\"\"
            \(lines.joined(separator: "\n"))
                    \"\"\"
            }

            """
    }

    @Test("the checked-in index matches the rule files")
    func indexIsCurrent() throws {
        #expect(Self.everything.errors.isEmpty, "\(Self.everything.errors)")
        let expected = Self.indexSource(for: Self.everything.rules)
        let actual = try String(contentsOf: Self.indexFile, encoding: .utf8)
        if actual != expected, ProcessInfo.processInfo.environment["BULWARK_WRITE_RULE_INDEX"] == "1" {
            try expected.write(to: Self.indexFile, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            actual == expected,
            "Sources/RuleEngine/BuiltInRuleIndex.swift is stale: run BULWARK_WRITE_RULE_INDEX=1 swift test --filter BuiltInRuleIndexTests")
    }

    @Test("the index describes every built-in rule: file, id and types")
    func indexEntries() {
        let entries = BuiltInRulePack.entries
        let rules = Self.everything.rules
        #expect(entries.count == rules.count)
        for (entry, rule) in zip(entries, rules) {
            #expect(entry.id == rule.id)
            #expect(BuiltInRulePack.displayPrefix + entry.file == rule.source.file)
            #expect(entry.types == rule.applicability.types)
        }
    }

    @Test("rules for some resource types are exactly the full catalog's rules for them, in catalog order")
    func selectionMatchesFullRead() {
        let allTypes = Set(Self.everything.rules.flatMap(\.applicability.types))
        let typeSets: [Set<ResourceType>] =
            allTypes.sorted { $0.name < $1.name }.map { [$0] } + [
                allTypes, ["Microsoft.CognitiveServices/accounts", "microsoft.storage/storageaccounts"], ["Microsoft.Unknown/things"],
            ]
        for types in typeSets {
            // The same parameters (and so the same "now" for `daysAgo` operands) as the full read.
            let selection = RuleCatalog.builtIn(parameters: Self.everything.parameters).rules(applyingTo: types)
            let expected = Self.everything.rules.filter { rule in rule.applicability.types.contains(where: types.contains) }
            #expect(selection.errors.isEmpty)
            #expect(selection.rules == expected, "\(types)")
        }
    }

    @Test("no resource types read no rules; a second selection reuses the files already read")
    func emptyAndRepeatedSelections() {
        let catalog = RuleCatalog.builtIn()
        #expect(catalog.rules(applyingTo: []).rules.isEmpty)
        let first = catalog.rules(applyingTo: ["Microsoft.KeyVault/vaults"])
        let second = catalog.rules(applyingTo: ["Microsoft.KeyVault/vaults", "Microsoft.Search/searchServices"])
        #expect(!first.rules.isEmpty)
        #expect(Array(second.rules.filter { first.rules.contains($0) }) == first.rules)
        #expect(second.rules.count > first.rules.count)
    }

    @Test("a user rule reusing a built-in id is rejected, naming where the built-in rule is")
    func duplicateOfBuiltIn() throws {
        var catalog = RuleCatalog.builtIn()
        let builtIn = try #require(Self.everything.rules.first)
        catalog.add(yaml: RuleLoadingTests.ruleFile(id: builtIn.id.lowercased()), file: "mine.yaml")
        let addedErrors = catalog.rules(applyingTo: ["Microsoft.Test/things"]).errors
        #expect(addedErrors.map(\.code) == [.duplicateID])
        #expect(addedErrors.first?.message == "rule id '\(builtIn.id.lowercased())' is already defined at \(builtIn.source)")
        #expect(addedErrors.first?.location == SourceLocation(file: "mine.yaml", line: 2, column: 5))
    }

    @Test("a user rule is selected by its types after the built-in ones")
    func addedRulesAreSelected() {
        var catalog = RuleCatalog.builtIn()
        catalog.add(yaml: RuleLoadingTests.ruleFile(id: "BW-MINE-001"), file: "mine.yaml")
        #expect(catalog.rules(applyingTo: ["microsoft.test/things"]).rules.map(\.id) == ["BW-MINE-001"])
        #expect(catalog.rules(applyingTo: ["Microsoft.KeyVault/vaults"]).rules.allSatisfy { $0.id != "BW-MINE-001" })
        #expect(catalog.rules.last?.id == "BW-MINE-001")
        #expect(catalog.errors.isEmpty)
    }

    @Test("the index reader joins a rule's types and rejects nothing it wrote")
    func parsesIndexLines() {
        let entries = BuiltInRulePack.parseIndex(
            """
            a.yaml BW-A-001 Microsoft.A/x
            a.yaml BW-A-001 Microsoft.A/y
            b.yaml BW-B-001 Microsoft.B/z
            """)
        #expect(entries.map(\.id) == ["BW-A-001", "BW-B-001"])
        #expect(entries[0].types == ["Microsoft.A/x", "Microsoft.A/y"])
        #expect(entries[1].file == "b.yaml" && entries[1].types == ["Microsoft.B/z"])
    }
}

@Suite("Reading some rules of a file")
struct PartialRuleTextTests {
    static let file = """
        # comment
        rules:
          - id: A
            title: first
          # about B
          - id: B
            title: second
            rationale: |-
              - not an item
          - id: C
            title: third

        """

    @Test("the other rules' lines are blank, so the kept ones keep their lines and columns")
    func blanksOthers() throws {
        let text = try #require(PartialRuleTextTests.partial(keeping: ["B"]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == Self.file.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(lines[1] == "rules:")
        #expect(lines[2].isEmpty && lines[3].isEmpty && lines[9].isEmpty && lines[10].isEmpty)
        #expect(lines[5] == "  - id: B" && lines[8] == "      - not an item")
    }

    @Test("a file whose items do not match the index is read whole")
    func mismatch() {
        #expect(BuiltInRulePack.partialText(Self.file, keeping: ["A"], of: ["A", "B"]) == nil)
        #expect(BuiltInRulePack.partialText("other: 1\n", keeping: ["A"], of: ["A"]) == nil)
    }

    static func partial(keeping kept: Set<String>) -> String? {
        BuiltInRulePack.partialText(file, keeping: kept, of: ["A", "B", "C"])
    }
}
