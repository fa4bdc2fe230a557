import Foundation
import HTMLReport
import PostureModel
import Reports
import RuleEngine
import SourceModel

/// Writes a scan's reports: the `--format` report to standard output (unless `--output` names a file) and every file
/// report through a temporary file in its folder, renamed into place only once all of them rendered and were written,
/// so a failure leaves no half-written report and no temporary file.
enum ReportWriting {
    /// Renders the HTML page (the `HTMLReport` target).
    static let html: ReportRenderer.HTMLRenderer = { result, context in try HTMLReport().render(result, context: context) }

    /// What the reports say about the run: the paths and scopes named, and the rules used.
    static func context(paths: [String], liveScope: String?, ruleFolders: [String]) -> ReportContext {
        let rulePack = (["built-in \(ToolInfo.version)"] + ruleFolders).joined(separator: " + ")
        return ReportContext(generatedAt: Date(), inputs: paths + (liveScope.map { [$0] } ?? []), rulePack: rulePack)
    }

    /// Writes every report; on failure prints why and returns false (the caller exits 2).
    static func write(
        _ result: ScanResult, options: ReportOptions, targets: [ReportOptions.Target], context: ReportContext, useColor: Bool,
        verbose: Bool
    ) -> Bool {
        let files = ReportRenderer(context: context, useColor: false, verbose: verbose, html: html)
        var pending: [(temporary: String, path: String)] = []
        // Devices and pipes (`--output /dev/null`) are written in place once every report rendered: a rename would
        // replace the device with a file.
        var inPlace: [(data: Data, target: ReportOptions.Target)] = []
        func discard() {
            for file in pending { unlink(file.temporary) }
        }
        for (index, target) in targets.enumerated() {
            let data: Data
            do {
                data = try files.render(target.format, result)
            } catch {
                discard()
                printError("bulwark: cannot write the \(target.format.rawValue) report: \(error)")
                return false
            }
            if FileAccess.isSpecialFile(target.path) {
                inPlace.append((data, target))
                continue
            }
            let url = URL(fileURLWithPath: target.path)
            let temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(getpid())-\(index).bulwark-tmp").path
            if case .failure(let failure) = FileAccess.write(data, to: temporary, what: "the \(target.format.rawValue) report") {
                discard()
                printError("bulwark: \(target.path): \(failure.message)")
                return false
            }
            pending.append((temporary, target.path))
        }
        for (data, target) in inPlace {
            if case .failure(let failure) = FileAccess.write(data, to: target.path, what: "the \(target.format.rawValue) report") {
                discard()
                printError("bulwark: \(target.path): \(failure.message)")
                return false
            }
        }
        for (index, file) in pending.enumerated() where rename(file.temporary, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in pending[index...] { unlink(rest.temporary) }
            printError("bulwark: \(file.path): cannot write the report: \(reason)")
            return false
        }
        guard options.output == nil else { return true }
        do {
            let terminal = ReportRenderer(context: context, useColor: useColor, verbose: verbose, html: html)
            FileHandle.standardOutput.write(try terminal.render(options.format, result))
        } catch {
            printError("bulwark: cannot write the \(options.format.rawValue) report: \(error)")
            return false
        }
        return true
    }
}
