import PostureModel
public import RuleEngine

/// The one-line summaries `scan` writes on standard error beside a report: what a report written to a file holds,
/// and the warning for a scan that read nothing.
public enum ScanSummaryLine {
    /// "wrote report.sarif: 12 failed findings (1 critical, 3 high) in 4 files".
    public static func wrote(_ path: String, _ result: ScanResult) -> String {
        let severities = Dictionary(result.rules.map { ($0.id, $0.severity) }, uniquingKeysWith: { first, _ in first })
        let failed = result.findings.filter { $0.status == .fail }
        let counts = Severity.allCases.reversed().compactMap { severity -> String? in
            let count = failed.count { severities[$0.ruleID] == severity }
            return count == 0 ? nil : "\(count) \(severity.rawValue)"
        }
        let files = result.files.count
        var line = "wrote \(path): \(failed.count) failed finding\(failed.count == 1 ? "" : "s")"
        if !counts.isEmpty { line += " (\(counts.joined(separator: ", ")))" }
        line += " in \(files) file\(files == 1 ? "" : "s")"
        let errors = result.errors.count
        if errors > 0 { line += ", \(errors) input error\(errors == 1 ? "" : "s")" }
        return line
    }

    /// True when the scan loaded no input at all: no template, no Bicep file, no text file with a secret.
    public static func readNothing(_ result: ScanResult) -> Bool {
        result.files.isEmpty && result.resources.isEmpty
    }

    /// The warning for a scan that read nothing, naming what was given: nothing to read there, or (with `errors`) inputs
    /// that were all unreadable, which the exit code (2) already reports.
    public static func nothingRead(paths: [String], errors: Int = 0) -> String {
        if errors > 0 {
            return "nothing was scanned: no input in \(paths.joined(separator: ", ")) could be read "
                + "(\(errors) input error\(errors == 1 ? "" : "s"))"
        }
        return "warning: nothing was scanned: no ARM template, parameter file, .bicep file, Terraform configuration or plan in "
            + "\(paths.joined(separator: ", ")) (--fail-on-empty makes this exit 2)"
    }
}
