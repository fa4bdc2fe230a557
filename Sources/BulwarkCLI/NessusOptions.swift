import ArgumentParser
import Foundation
import NessusResults
import RuleEngine

/// `--nessus FILE`: Nessus results merged into the scan (see docs/nessus.md).
struct NessusOptions: ParsableArguments {
    @Option(
        name: .customLong("nessus"),
        help: ArgumentHelp(
            "A Nessus export (.nessus) whose hosts are joined to the scanned resources; repeatable.", valueName: "FILE.nessus"))
    var files: [String] = []

    /// The scan with the Nessus results merged (the project file's `nessus:` asset map read from the path
    /// `--config` or the default names); the scan unchanged without --nessus. The project file's own read errors
    /// are reported by the rule options, not twice.
    func merge(into result: ScanResult, ruleOptions: RuleOptions) -> ScanResult {
        guard !files.isEmpty else { return result }
        let projectFile = ruleOptions.projectFilePath.flatMap { path in
            (try? InputFile.text(at: path, what: "the project file")).map { (text: $0, path: path) }
        }
        return NessusMerge(files: files, projectFile: projectFile).apply(to: result)
    }
}
