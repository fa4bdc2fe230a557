import Foundation
public import SourceModel

/// A snapshot folder read back: the estate, with every record located at its line, and what was wrong inside it.
public struct SnapshotReading: Sendable {
    public var content: SnapshotContent
    /// Malformed lines and unlisted files, in the order found; the rest of the snapshot was read.
    public var problems: [Diagnostic]
    /// The manifest's path, where findings and warnings about the snapshot as a whole point.
    public var manifestFile: String

    public init(content: SnapshotContent, problems: [Diagnostic] = [], manifestFile: String) {
        self.content = content
        self.problems = problems
        self.manifestFile = manifestFile
    }
}

/// Reads a snapshot folder written by ``SnapshotWriter``: checks the format, that every file the manifest lists is
/// there with the SHA-256 it records, and reads the records line by line with their file:line:column.
public enum SnapshotReader {
    /// Reads the snapshot in `folder`.
    /// - Returns: the content and the problems found inside it (a malformed line is skipped with a diagnostic).
    /// - Throws: ``SnapshotError`` for a missing or unreadable manifest, another format, a listed file that is
    ///   missing or whose hash differs: a snapshot that cannot be trusted is not judged at all.
    public static func read(folder: String) throws(SnapshotError) -> SnapshotReading {
        let manifestFile = SnapshotFolder.path(of: SnapshotManifest.fileName, in: folder)
        let manifest = try readManifest(manifestFile)
        var content = SnapshotContent(manifest: manifest)
        var problems: [Diagnostic] = []
        for (file, expected) in manifest.files.sorted(by: { $0.key < $1.key }) {
            guard isInsideFolder(file) else {
                throw SnapshotError(
                    .missingFile, path: manifestFile,
                    "the manifest lists '\(file)', which is not a path inside the snapshot folder; the manifest was edited")
            }
            let path = SnapshotFolder.path(of: file, in: folder)
            guard FileManager.default.fileExists(atPath: path) else {
                throw SnapshotError(
                    .missingFile, path: path, "the manifest lists this file but it is missing: the snapshot is incomplete; collect it again"
                )
            }
            let actual: String
            switch file {
            case SnapshotContent.armResourcesFile, SnapshotContent.graphObjectsFile:
                let outcome = try JSONLinesReader.read(path)
                actual = outcome.sha256
                problems += outcome.problems
                if file == SnapshotContent.armResourcesFile {
                    content.armResources = outcome.records
                } else {
                    content.graphObjects = outcome.records
                }
            default:
                actual = try JSONLinesReader.sha256(of: path)
            }
            guard actual == expected.lowercased() else {
                throw SnapshotError(
                    .hashMismatch, path: path,
                    "the file changed after collection: its SHA-256 is \(actual.prefix(12))…, the manifest records \(expected.prefix(12))…; "
                        + "collect the snapshot again or restore the file")
            }
        }
        for file in [SnapshotContent.armResourcesFile, SnapshotContent.graphObjectsFile] where manifest.files[file] == nil {
            let path = SnapshotFolder.path(of: file, in: folder)
            if FileManager.default.fileExists(atPath: path) {
                problems.append(
                    Diagnostic(
                        .unlistedSnapshotFile, .warning, file: path,
                        "the manifest does not list this file, so its hash cannot be checked: it was not read"))
            }
        }
        return SnapshotReading(content: content, problems: problems, manifestFile: manifestFile)
    }

    /// Reads and checks `manifest.json` alone.
    /// - Throws: ``SnapshotError`` when it is missing, not a manifest, or of another format.
    public static func readManifest(_ path: String) throws(SnapshotError) -> SnapshotManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SnapshotError(.invalidManifest, path: path, "cannot read the manifest: a snapshot folder has a manifest.json")
        }
        struct FormatProbe: Decodable { var format: String? }
        let decoder = JSONDecoder()
        let probe: FormatProbe
        do {
            probe = try decoder.decode(FormatProbe.self, from: data)
        } catch {
            throw SnapshotError(.invalidManifest, path: path, "the manifest is not a JSON object; a snapshot's manifest.json was expected")
        }
        guard let format = probe.format else {
            throw SnapshotError(
                .invalidManifest, path: path, "the manifest has no 'format'; expected \"\(SnapshotManifest.currentFormat)\"")
        }
        guard format == SnapshotManifest.currentFormat else {
            throw SnapshotError(
                .unsupportedFormat, path: path,
                "the snapshot's format is \"\(format)\", and this version of Bulwark reads \"\(SnapshotManifest.currentFormat)\"; "
                    + "scan it with the Bulwark version that wrote it, or collect it again")
        }
        do {
            return try decoder.decode(SnapshotManifest.self, from: data)
        } catch let error as DecodingError {
            throw SnapshotError(.invalidManifest, path: path, "the manifest is not a valid \(format) manifest: \(describe(error))")
        } catch {
            throw SnapshotError(.invalidManifest, path: path, "the manifest cannot be read: \(error.localizedDescription)")
        }
    }

    /// A relative path that stays inside the folder: no leading `/`, no `..` segment.
    static func isInsideFolder(_ file: String) -> Bool {
        !file.isEmpty && !file.hasPrefix("/")
            && !file.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0.isEmpty }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "'" + keys.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let place = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "'\(key.stringValue)' is missing\(place)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return "\(path(context)) is not valid"
        @unknown default: return "it does not match the format"
        }
    }
}
