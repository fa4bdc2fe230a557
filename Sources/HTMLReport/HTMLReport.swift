import Crypto
public import Foundation
import PostureModel
public import Reports
public import RuleEngine
import SourceModel

/// The HTML report: one self-contained file a person opens from disk. Its CSS and script are inlined, its
/// Content-Security-Policy forbids every network load (only the inline style and script, by hash, may run), and
/// every value from inputs, rules and scans is escaped. The findings are rendered as rows that work without
/// JavaScript; the script adds the filters (severity, control, status, text) and keeps the shown count.
public struct HTMLReport {
    public init() {}

    /// A bundled asset could not be read: the build is broken, not the input.
    public enum RenderError: Error, CustomStringConvertible {
        case missingAsset(String)

        public var description: String {
            switch self {
            case .missingAsset(let name): "the HTML report's bundled \(name) is missing from this build"
            }
        }
    }

    public func render(_ result: ScanResult, context: ReportContext) throws(RenderError) -> Data {
        let style = try Self.asset("report", "css")
        let script = try Self.asset("report", "js")
        let entries = ReportEntries(result)
        var snippets = SourceSnippets()
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy(style: style, script: script))">
            <meta name="referrer" content="no-referrer">
            <title>Bulwark scan report</title>
            <style>\(style)</style>
            </head>
            <body>
            <a class="skip-link" href="#findings">Skip to findings</a>

            """
        html += header(result, context: context)
        html += "<main>\n"
        html += summary(result, entries: entries)
        html += views(entries)
        html += findings(entries, snippets: &snippets)
        html += hosts(result)
        html += fixed(result)
        html += problems(result)
        html += "</main>\n"
        html += facts(result, entries: entries, context: context)
        html += "<script>\(script)</script>\n</body>\n</html>\n"
        return Data(html.utf8)
    }

    /// `default-src 'none'`: no fetch, image, font, frame or connection of any kind; the one inline style and the
    /// one inline script are allowed by their SHA-256, so nothing injected could run even if escaping failed.
    static func contentSecurityPolicy(style: String, script: String) -> String {
        func hash(_ text: String) -> String { "'sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString() + "'" }
        return "default-src 'none'; style-src \(hash(style)); script-src \(hash(script)); img-src 'none'; "
            + "connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"
    }

    static func asset(_ name: String, _ ext: String) throws(RenderError) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw .missingAsset("\(name).\(ext)") }
        return text
    }

    private func header(_ result: ScanResult, context: ReportContext) -> String {
        let generated = context.generatedAt.formatted(.iso8601)
        let inputs = context.inputs.isEmpty ? result.files : context.inputs
        let inputList = inputs.map { "<code>\(HTMLEscaping.escape($0))</code>" }.joined(separator: ", ")
        return """
            <header class="report-header">
            <h1>Bulwark scan report</h1>
            <dl class="run">
            <div><dt>Tool</dt><dd>\(HTMLEscaping.escape(ToolInfo.name)) \(HTMLEscaping.escape(ToolInfo.version))</dd></div>
            <div><dt>Generated</dt><dd><time datetime="\(generated)">\(generated)</time></dd></div>
            <div><dt>Inputs</dt><dd>\(inputList.isEmpty ? "none" : inputList)</dd></div>
            <div><dt>Rule pack</dt><dd>\(HTMLEscaping.escape(context.rulePack))</dd></div>
            </dl>
            </header>

            """
    }

    /// Problems with the inputs: errors and warnings, where they are.
    private func problems(_ result: ScanResult) -> String {
        let shown = result.problems.filter { $0.severity != .note }
        guard !shown.isEmpty else { return "" }
        var html = """
            <section id="problems" aria-labelledby="problems-title">
            <h2 id="problems-title">Input problems (\(shown.count))</h2>
            <ul class="problems">

            """
        for problem in shown {
            html += "<li><span class=\"problem problem-\(problem.severity.rawValue)\">\(problem.severity.rawValue)</span> "
            html += "<code>\(HTMLEscaping.escape(problem.location.description))</code> \(HTMLEscaping.escape(problem.message))</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }
}
