import Foundation
import PostureModel

/// Writes a collected estate as a snapshot folder: `arm/resources.jsonl` and `graph/objects.jsonl` (one compact JSON
/// object per line, sorted by lower-cased id then type), then `manifest.json` with each data file's SHA-256.
///
/// The same content always gives the same bytes. Each file is written under a temporary name and renamed into
/// place, and the manifest comes last (a previous snapshot's manifest is removed first), so an interrupted write
/// never leaves a folder that looks like a complete snapshot. Records are written line by line through a buffer.
public enum SnapshotWriter {
    /// Writes `content` into `folder`, creating it if needed.
    /// - Parameters:
    ///   - content: the estate; its manifest's `files` is replaced by the hashes of the files written.
    ///   - folder: a new or empty folder, or one holding a previous snapshot (whose files are overwritten).
    /// - Throws: ``SnapshotError`` when the folder holds other files, cannot be written, or a record nests too deep.
    public static func write(_ content: SnapshotContent, to folder: String) throws(SnapshotError) {
        try SnapshotFolder.prepareForWriting(folder)
        var manifest = content.manifest
        manifest.files = [:]
        for (file, records) in [
            (SnapshotContent.armResourcesFile, content.armResources), (SnapshotContent.graphObjectsFile, content.graphObjects),
        ] {
            manifest.files[file] = try writeRecords(records, to: SnapshotFolder.path(of: file, in: folder))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestBytes: [UInt8]
        do {
            manifestBytes = Array(try encoder.encode(manifest)) + [UInt8(ascii: "\n")]
        } catch {
            throw SnapshotError(.invalidManifest, path: folder, "cannot encode the manifest (\(error.localizedDescription))")
        }
        let manifestPath = SnapshotFolder.path(of: SnapshotManifest.fileName, in: folder)
        let temporary = SnapshotFolder.temporaryPath(for: manifestPath)
        var output = try HashedFileOutput(path: temporary)
        try output.write(manifestBytes)
        _ = try output.finish()
        try SnapshotFolder.rename(temporary, to: manifestPath)
    }

    /// Writes one data file under a temporary name, renames it into place, and returns its SHA-256.
    static func writeRecords(_ records: [Value], to path: String) throws(SnapshotError) -> String {
        try SnapshotFolder.createParent(of: path)
        let temporary = SnapshotFolder.temporaryPath(for: path)
        var output = try HashedFileOutput(path: temporary)
        var line: [UInt8] = []
        for index in sortedOrder(records) {
            line.removeAll(keepingCapacity: true)
            guard SnapshotRecordEncoder.append(records[index], to: &line) else {
                throw SnapshotError(
                    .nestingTooDeep, path: path,
                    "a record nests deeper than \(SnapshotRecordEncoder.maximumDepth) levels; it cannot be written")
            }
            line.append(UInt8(ascii: "\n"))
            try output.write(line)
        }
        let hash = try output.finish()
        try SnapshotFolder.rename(temporary, to: path)
        return hash
    }

    /// Record positions sorted by lower-cased id, then type; records equal on both (which a collector should not
    /// produce) by their written bytes, so that the order never depends on the order collected.
    static func sortedOrder(_ records: [Value]) -> [Int] {
        let keys = records.map { record in
            (id: record[member: "id"]?.stringValue?.lowercased() ?? "", type: record[member: "type"]?.stringValue ?? "")
        }
        return records.indices.sorted { left, right in
            let a = keys[left]
            let b = keys[right]
            if a.id != b.id { return a.id.utf8.lexicographicallyPrecedes(b.id.utf8) }
            if a.type != b.type { return a.type.utf8.lexicographicallyPrecedes(b.type.utf8) }
            let leftLine = SnapshotRecordEncoder.line(records[left]) ?? []
            let rightLine = SnapshotRecordEncoder.line(records[right]) ?? []
            return leftLine.lexicographicallyPrecedes(rightLine)
        }
    }
}
