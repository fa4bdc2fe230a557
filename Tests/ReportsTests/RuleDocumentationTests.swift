import Foundation
import Reports
import RuleEngine
import Testing

/// The committed reference pages are what `bulwark rules docs` generates from the rules today.
@Suite("Generated rule documentation")
struct RuleDocumentationTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    @Test("docs/controls.md and docs/rules/ are up to date (regenerate with `swift run bulwark rules docs`)")
    func upToDate() throws {
        let pages = RuleDocumentation(catalog: RuleCatalog.builtIn()).pages()
        for (path, text) in pages.sorted(by: { $0.key < $1.key }) {
            let committed = try? String(contentsOf: Self.docs.appendingPathComponent(path), encoding: .utf8)
            #expect(committed == text, "docs/\(path) is out of date")
        }
        let committedRules = try FileManager.default.contentsOfDirectory(atPath: Self.docs.appendingPathComponent("rules").path)
        #expect(
            Set(committedRules.map { "rules/\($0)" }) == Set(pages.keys.filter { $0.hasPrefix("rules/") }),
            "docs/rules has pages for rules that no longer exist")
    }

    @Test("every rule page has rationale, examples, all three fixes and MCSB")
    func rulePages() {
        let pages = RuleDocumentation(catalog: RuleCatalog.builtIn()).pages()
        let catalog = RuleCatalog.builtIn()
        for rule in catalog.rules {
            let text = pages["rules/\(rule.id).md"] ?? ""
            var headings = ["## Why", "## Examples", "Azure CLI:", "Bicep:", "Terraform:"]
            if !rule.controls.isEmpty { headings.append("Microsoft cloud security benchmark v1") }
            for heading in headings {
                #expect(text.contains(heading), "\(rule.id) lacks \(heading)")
            }
        }
    }
}
