public import Foundation
public import RuleEngine

/// The report formats `bulwark scan` writes (`--format`, `--report FORMAT=PATH`).
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// The terminal table.
    case table
    /// The JSON contract (version 1).
    case json
    /// SARIF 2.1.0 for code scanning.
    case sarif
    /// One self-contained page (the `HTMLReport` target renders it).
    case html
    /// JUnit XML for CI test tabs (GitLab, Azure DevOps, Jenkins).
    case junit
    /// A Markdown summary for `$GITHUB_STEP_SUMMARY`, pull-request comments and Azure DevOps summaries.
    case markdown
    /// One row per finding, RFC 4180.
    case csv
    /// GitLab's SAST report (security report schema 15.0).
    case gitlab

    /// Whether the report describes every rule of the catalog, not only those the resources found needed.
    public var describesEveryRule: Bool { self == .sarif }
}

/// Renders any report format. The HTML page lives in its own target, so its renderer is handed in by the caller.
public struct ReportRenderer: Sendable {
    /// Renders the HTML page; nil when the caller has none.
    public typealias HTMLRenderer = @Sendable (ScanResult, ReportContext) throws -> Data

    public var context: ReportContext
    public var useColor: Bool
    public var verbose: Bool
    public var html: HTMLRenderer?

    public init(context: ReportContext, useColor: Bool = false, verbose: Bool = false, html: HTMLRenderer? = nil) {
        self.context = context
        self.useColor = useColor
        self.verbose = verbose
        self.html = html
    }

    /// The report's bytes, as written to a file or standard output (text formats end with a newline).
    public func render(_ format: ReportFormat, _ result: ScanResult) throws -> Data {
        switch format {
        case .table: return Data(TableReport(useColor: useColor, verbose: verbose).render(result).utf8)
        case .json: return try JSONReport().render(result) + Data("\n".utf8)
        case .sarif: return try SARIFReport().render(result) + Data("\n".utf8)
        case .junit: return Data(JUnitReport(context: context).render(result).utf8)
        case .markdown: return Data(MarkdownReport(context: context).render(result).utf8)
        case .csv: return Data(CSVReport().render(result).utf8)
        case .gitlab: return GitLabReport(context: context).render(result) + Data("\n".utf8)
        case .html:
            guard let html else { throw ReportError.noHTMLRenderer }
            return try html(result, context)
        }
    }
}

/// Why a report could not be rendered.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program was built without the HTML renderer wired in.
    case noHTMLRenderer

    public var description: String {
        switch self {
        case .noHTMLRenderer: "this build of bulwark has no HTML renderer wired in (internal error: report it)"
        }
    }
}
