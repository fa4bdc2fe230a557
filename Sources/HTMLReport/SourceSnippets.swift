import Foundation
import SourceModel

/// The lines around a finding, read from the scanned file. Each file is read once; a file that is missing, too
/// large, or not UTF-8 text gives no snippet (silently: live resources and snapshots have no file to show).
struct SourceSnippets {
    /// Lines of context shown on each side of the finding's line.
    var context: Int
    /// Files larger than this are not read for snippets.
    var maximumFileSize: Int
    private var cache: [String: [Substring]?] = [:]

    init(context: Int = 2, maximumFileSize: Int = 4 << 20) {
        self.context = context
        self.maximumFileSize = maximumFileSize
    }

    /// One line of a snippet, numbered from 1 as editors number them.
    struct Line: Equatable {
        var number: Int
        var text: String
        var isTarget: Bool
    }

    /// The lines around `location`, or nil when it is not a position in a readable text file.
    mutating func snippet(at location: SourceLocation) -> [Line]? {
        guard location.kind == .file, location.line >= 1, let lines = lines(of: location.file), location.line <= lines.count
        else { return nil }
        let first = max(1, location.line - context)
        let last = min(lines.count, location.line + context)
        return (first...last).map { number in
            Line(number: number, text: String(lines[number - 1]), isTarget: number == location.line)
        }
    }

    private mutating func lines(of path: String) -> [Substring]? {
        if let cached = cache[path] { return cached }
        let lines = Self.read(path, maximumSize: maximumFileSize)
        cache[path] = lines
        return lines
    }

    private static func read(_ path: String, maximumSize: Int) -> [Substring]? {
        let url = URL(fileURLWithPath: path)
        guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey]), values.isRegularFile == true,
            let size = values.fileSize, size <= maximumSize,
            let data = try? Data(contentsOf: url), !data.contains(0),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        // Lines as editors count them: \n, \r\n or a lone \r ends one.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
