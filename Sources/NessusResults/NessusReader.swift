import Foundation
import PostureModel
public import SourceModel

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What one `.nessus` file holds: its hosts, how many `ReportItem`s it had, and the problems met. Hosts read
/// completely before an error are kept.
public struct NessusFile: Sendable, Hashable {
    public var path: String
    public var hosts: [NessusHost]
    /// Every `ReportItem` start tag seen, whatever became of it.
    public var reportItems: Int
    /// Items left out with a warning (a severity or port that is not a number).
    public var skippedItems: Int
    public var problems: [Diagnostic]
}

/// Reads `NessusClientData_v2` files with Foundation's streaming `XMLParser` (libxml2's SAX parser fed from an input
/// stream in chunks): the file is never held whole, and memory grows with the hosts and vulnerabilities kept, not
/// with the file (plugin output and descriptions are trimmed while they are read). A document type declaration is
/// refused before the parser starts, and external entities are never resolved.
public enum NessusReader {
    /// Plugin output, descriptions and other texts are cut to this many characters.
    public static let maximumTextLength = 2_000
    /// Host tags longer than this (patch summaries) are not kept.
    public static let maximumTagLength = 1_024

    public static func read(_ path: String) -> NessusFile {
        var file = NessusFile(path: path, hosts: [], reportItems: 0, skippedItems: 0, problems: [])
        switch XMLProlog.head(of: path) {
        case .failure(let failure):
            file.problems.append(NessusReadError.unreadable(failure).diagnostic)
            return file
        case .success(let head):
            if let refusal = XMLProlog.check(head, file: path) {
                file.problems.append(refusal.diagnostic)
                return file
            }
        }
        guard let stream = InputStream(fileAtPath: path) else {
            file.problems.append(NessusReadError.unreadable(FileAccess.Failure(path: path, reason: .denied)).diagnostic)
            return file
        }
        let parser = XMLParser(stream: stream)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        let handler = NessusSAXHandler(file: path)
        parser.delegate = handler
        _ = parser.parse()
        handler.finish(parser)
        file.hosts = handler.hosts
        file.reportItems = handler.reportItems
        file.skippedItems = handler.skippedItems
        file.problems = handler.problems
        return file
    }
}
