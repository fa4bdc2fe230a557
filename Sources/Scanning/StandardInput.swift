public import Foundation
public import RuleEngine
import SourceModel

/// `scan -`: one template read from standard input. Front ends read files, so the text is written to a private
/// temporary folder under a name that says its format, scanned like a named file, and every location in the result
/// is then renamed `<stdin>`. The format is told by content, as a folder walk does: text whose first character
/// (after white space and a byte-order mark) is `{` is an ARM template (JSON), anything else Bicep.
public struct StandardInput: Sendable {
    /// What locations in the result are called.
    public static let name = "<stdin>"

    public enum Format: String, Sendable {
        case json, bicep
    }

    public let bytes: Data

    public init(bytes: Data) {
        self.bytes = bytes
    }

    public var format: Format {
        let meaningful = bytes.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        return meaningful.first == UInt8(ascii: "{") ? .json : .bicep
    }

    /// Writes the text where the front ends can read it; the folder is removed by ``remove(_:)``.
    public func materialize() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-stdin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let file = folder.appendingPathComponent("stdin.\(format.rawValue)")
        try bytes.write(to: file)
        return file.path
    }

    /// Removes the folder ``materialize()`` made for `path`.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }
}

extension ScanResult {
    /// The same result with every location in `file` (and the file itself in messages) named `name` instead.
    public func renamingFile(_ file: String, to name: String) -> ScanResult {
        func rename(_ location: SourceLocation) -> SourceLocation {
            guard location.kind == .file, location.file == file else { return location }
            var renamed = location
            renamed.file = name
            return renamed
        }
        var result = self
        result.files = files.map { $0 == file ? name : $0 }
        for index in result.resources.indices { result.resources[index].source = rename(resources[index].source) }
        for index in result.findings.indices {
            result.findings[index].location = rename(findings[index].location)
            result.findings[index].resource.source = rename(findings[index].resource.source)
            result.findings[index].message = findings[index].message.replacingOccurrences(of: file, with: name)
        }
        for index in result.problems.indices {
            result.problems[index].location = rename(problems[index].location)
            result.problems[index].message = problems[index].message.replacingOccurrences(of: file, with: name)
        }
        return result
    }
}
