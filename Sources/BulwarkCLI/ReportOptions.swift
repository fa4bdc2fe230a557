public import ArgumentParser
import Foundation
public import Reports
import SourceModel

extension ReportFormat: ExpressibleByArgument {}

/// `--format`, `--output` and `--report FORMAT=PATH`: which reports a scan writes, and where.
struct ReportOptions: ParsableArguments {
    @Option(help: "Report format.")
    var format: ReportFormat = .table

    @Option(help: ArgumentHelp("Write the report to a file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(
        name: .customLong("report"),
        help: ArgumentHelp(
            "Also write a report in FORMAT to PATH (repeatable): sarif=bulwark.sarif, junit=results.xml. Formats: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "FORMAT=PATH"))
    var reports: [String] = []

    /// One report to write to a file.
    struct Target: Equatable {
        var format: ReportFormat
        var path: String
    }

    /// Why the reports asked for cannot be written, found before scanning (exit 2).
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// The `--report` targets, then `--output` when given; each checked: a known format, and a path whose folder exists
    /// and is writable.
    func targets() throws(Invalid) -> [Target] {
        var targets: [Target] = []
        for argument in reports {
            guard let equals = argument.firstIndex(of: "=") else {
                throw Invalid(description: "--report \(argument): expected FORMAT=PATH, for example sarif=bulwark.sarif")
            }
            let name = String(argument[..<equals])
            let path = String(argument[argument.index(after: equals)...])
            guard let format = ReportFormat(rawValue: name) else {
                throw Invalid(
                    description:
                        "--report \(argument): unknown format '\(name)'; expected one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard !path.isEmpty else { throw Invalid(description: "--report \(argument): no path after '='") }
            targets.append(Target(format: format, path: path))
        }
        if let output { targets.append(Target(format: format, path: output)) }
        var seen: Set<String> = []
        for target in targets {
            let absolute = URL(fileURLWithPath: target.path).standardizedFileURL.path
            guard seen.insert(absolute).inserted else {
                throw Invalid(description: "\(target.path): named for two reports; give each report its own file")
            }
            if let failure = FileAccess.writableProblem(target.path, what: "the report") {
                throw Invalid(description: failure.description)
            }
        }
        return targets
    }

    /// Whether a report asked for describes every rule (SARIF), so the scan reads them all.
    var describesEveryRule: Bool {
        format.describesEveryRule
            || reports.contains {
                $0.split(separator: "=", maxSplits: 1).first.flatMap { ReportFormat(rawValue: String($0)) }?.describesEveryRule == true
            }
    }
}
