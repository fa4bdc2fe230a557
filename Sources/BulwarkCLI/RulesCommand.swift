import ArgumentParser
import Foundation
import PostureModel
import Reports
import RuleEngine

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List and explain the rules.",
        subcommands: [List.self, Show.self, Docs.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every rule.")

        @Option(help: "Output format.")
        var format: ListFormat = .table

        @Option(
            help: ArgumentHelp(
                "Only rules that map to this framework: MCSB, NIST-800-53-r5, ISO-27001-2022, SOC2, HIPAA or GDPR.", valueName: "FRAMEWORK")
        )
        var framework: String?

        @OptionGroup var ruleOptions: RuleOptions

        enum ListFormat: String, ExpressibleByArgument, CaseIterable {
            case table
            case json
        }

        func run() throws {
            var catalog = ruleOptions.catalog()
            if let framework {
                guard let known = ComplianceFrameworks.bundled.framework(framework) else {
                    printError(
                        "bulwark: unknown framework '\(framework)'; the frameworks are \(ComplianceFrameworks.bundled.frameworks.map(\.id).joined(separator: ", "))"
                    )
                    throw ExitCode(2)
                }
                catalog = catalog.filtered { $0.compliance[known.id]?.isEmpty == false }
            }
            switch format {
            case .json:
                let entries = catalog.rules.map(RuleListEntry.init)
                FileHandle.standardOutput.write(try JSONEncoder.report.encode(entries) + Data("\n".utf8))
            case .table:
                let width = catalog.rules.map(\.id.count).max() ?? 0
                for rule in catalog.rules {
                    let id = rule.id + String(repeating: " ", count: width - rule.id.count)
                    let severity = rule.severity.rawValue + String(repeating: " ", count: 8 - rule.severity.rawValue.count)
                    print("\(id)  \(severity)  \(rule.title)")
                }
            }
            try failOnRuleErrors(catalog)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Explain one rule: why, how to fix, where it maps.")

        @Argument(help: "The rule id, for example BW-AI-001.")
        var id: String

        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            let catalog = ruleOptions.catalog()
            guard let rule = catalog.rule(withID: id) else {
                printError("bulwark: no rule with id '\(id)'; `bulwark rules list` shows them all")
                throw ExitCode(2)
            }
            print(RuleDescription(rule).text)
            try failOnRuleErrors(catalog)
        }
    }
}

/// Rule file problems are input errors: reported on standard error, exit code 2.
func failOnRuleErrors(_ catalog: RuleCatalog) throws {
    guard !catalog.errors.isEmpty else { return }
    for error in catalog.errors { printError(error.description) }
    throw ExitCode(2)
}

/// The `rules list --format json` entry.
struct RuleListEntry: Encodable {
    var id: String
    var title: String
    var severity: Severity
    var category: String
    var resourceTypes: [String]
    var controls: [Control]
    var compliance: [String: [String]]
    /// Equivalent checks of other tools, such as Checkov ids (an addition to the documented shape).
    var equivalents: [String]

    init(_ rule: Rule) {
        id = rule.id
        equivalents = rule.equivalents
        title = rule.title
        severity = rule.severity
        category = rule.category
        resourceTypes = rule.applicability.types.map(\.name)
        controls = rule.controls
        compliance = rule.compliance
    }
}

/// `rules show`: the whole rule, for a person.
struct RuleDescription {
    let text: String

    init(_ rule: Rule) {
        var lines = [
            "\(rule.id)  \(rule.title)",
            "severity: \(rule.severity.rawValue)   category: \(rule.category)",
            "applies to: \(rule.applicability.types.map(\.name).joined(separator: ", "))"
                + (rule.applicability.kinds.isEmpty ? "" : " (kind: \(rule.applicability.kinds.joined(separator: ", ")))"),
            "controls: \(rule.controls.map(\.rawValue).joined(separator: ", "))",
            "compliance: "
                + rule.compliance.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.joined(separator: ", "))" }.joined(separator: "; "),
            "",
            "Why: \(rule.rationale)",
            "",
            "On failure: \(rule.failureMessage)",
        ]
        if let az = rule.remediation.az { lines += ["", "Fix with az:", indent(az)] }
        if let bicep = rule.remediation.bicep { lines += ["", "Bicep:", indent(bicep)] }
        if let terraform = rule.remediation.terraform { lines += ["", "Terraform:", indent(terraform)] }
        if !rule.equivalents.isEmpty { lines += ["", "Equivalent checks: \(rule.equivalents.joined(separator: ", "))"] }
        for difference in rule.differences { lines += ["Differs on purpose: \(difference)"] }
        if !rule.links.isEmpty { lines += ["", "Learn more:"] + rule.links.map { "  \($0)" } }
        lines += ["", "Defined at \(rule.source)"]
        text = lines.joined(separator: "\n")
    }
}

private func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
}

extension RulesCommand {
    struct Docs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "docs", abstract: "Write docs/controls.md and docs/rules/<id>.md from the rules.")

        @Option(help: ArgumentHelp("The documentation folder.", valueName: "DIR"))
        var output: String = "docs"

        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            let catalog = ruleOptions.catalog()
            try failOnRuleErrors(catalog)
            let root = URL(fileURLWithPath: output)
            let rulesFolder = root.appendingPathComponent("rules")
            try? FileManager.default.removeItem(at: rulesFolder)
            try FileManager.default.createDirectory(at: rulesFolder, withIntermediateDirectories: true)
            let pages = RuleDocumentation(catalog: catalog).pages()
            for (path, text) in pages {
                try Data(text.utf8).write(to: root.appendingPathComponent(path))
            }
            print("wrote \(pages.count) pages under \(output)")
        }
    }
}
