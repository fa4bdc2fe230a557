import ArgumentParser
import Baselines
import Foundation
import RuleEngine
import SourceModel

/// `--baseline FILE` and `--write-baseline FILE`: gate on new failures only, and record today's.
struct BaselineOptions: ParsableArguments {
    @Option(
        name: .customLong("baseline"),
        help: ArgumentHelp(
            "Compare with a baseline: each failure is marked new or unchanged, its entries no longer found are listed as fixed, "
                + "and only new failures count for the exit code.", valueName: "FILE"))
    var baselineFile: String?

    @Option(
        name: .customLong("write-baseline"),
        help: ArgumentHelp("Record this scan's failures by fingerprint in a baseline file (replaced if it exists).", valueName: "FILE"))
    var writeBaselineFile: String?

    /// Why the `--write-baseline` path cannot be written, checked before the scan as report paths are.
    var writeProblem: FileAccess.Failure? {
        writeBaselineFile.flatMap { FileAccess.writableProblem($0, what: "the baseline") }
    }

    /// The baseline named by `--baseline`, read before the scan so that a bad file stops the run at once (exit 2).
    func comparison() throws(BaselineFileError) -> BaselineComparison? {
        guard let baselineFile else { return nil }
        return BaselineComparison(try BaselineFile.read(baselineFile))
    }

    /// Writes the baseline named by `--write-baseline`, if any, from the scan's failures; the file is replaced whole or
    /// left as it was.
    func write(_ result: ScanResult) -> FileAccess.Failure? {
        guard let writeBaselineFile else { return nil }
        let data = BaselineFile(recording: result.findings).rendered()
        if case .failure(let failure) = FileAccess.writeAtomically(data, to: writeBaselineFile, what: "the baseline") { return failure }
        return nil
    }
}
