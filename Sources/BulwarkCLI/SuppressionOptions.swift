import ArgumentParser
import Foundation
import PostureModel
import RuleEngine
import Suppressions

/// `--no-inline-suppressions`, and the suppression stage as `scan` runs it.
struct SuppressionOptions: ParsableArguments {
    @Flag(
        name: .customLong("no-inline-suppressions"),
        help: "Apply only the project file's suppressions, not those written in the templates and Terraform (see docs/suppressions.md).")
    var noInlineSuppressions = false

    /// Applies the project file's suppressions (from `ruleOptions`' project file) and, unless told not to, the inline
    /// ones of the scanned resources. A project file that cannot be read is already an error of the rule catalog.
    func apply(to result: ScanResult, projectFile: String?, catalog: RuleCatalog, today: CalendarDay = CalendarDay(Date())) -> ScanResult {
        let knownRules = KnownRules(catalog.rules.map(\.id) + result.rules.map(\.id))
        var project = ProjectSuppressions()
        if let projectFile, let text = try? InputFile.text(at: projectFile, what: "the project file") {
            project = ProjectSuppressions(projectFile: text, file: projectFile, knownRules: knownRules)
        }
        let inline = InlineSuppressions(resources: result.resources, scannedFiles: result.files, knownRules: knownRules)
        return SuppressionStage(projectFile: project, inline: inline, appliesInline: !noInlineSuppressions, today: today).apply(to: result)
    }
}
