import Foundation
public import PostureModel
import SourceModel

/// Snapshot folders (`bulwark collect --output DIR`) as a scan input: a `manifest.json` whose content names the
/// snapshot format is claimed, and so are the folder's `arm/resources.jsonl` and `graph/objects.jsonl`, so that no
/// other front end reads them. Each snapshot is one unit, read and checked by hash when it is loaded.
///
/// The data files are not handed to the secrets check: they hold values as the estate returned them, not secrets
/// someone committed, and the rules judge those values in place.
public struct SnapshotFrontEnd: InputFrontEnd {
    public init() {}

    public var name: String { "snapshot" }

    public func claims(_ path: String) -> Bool {
        Self.snapshotFolder(of: path) != nil
    }

    public func plan(_ files: [InputFile]) -> InputPlan {
        var plan = InputPlan()
        var folders: [String] = []
        for file in files {
            guard let folder = Self.snapshotFolder(of: file.path) else {
                // Only a named file no front end claimed comes here unclaimed: the first front end gets those.
                plan.problems.append(
                    Diagnostic(
                        .notATemplate, file: file.path, "expected a snapshot's manifest.json (format \(SnapshotManifest.currentFormat))"))
                continue
            }
            if !folders.contains(folder) { folders.append(folder) }
        }
        plan.units = folders.map { folder in
            InputUnit(name: SnapshotFolder.path(of: SnapshotManifest.fileName, in: folder)) {
                do throws(SnapshotError) {
                    return SnapshotLoading.load(try SnapshotReader.read(folder: folder))
                } catch {
                    return LoadedInput(problems: [error.diagnostic])
                }
            }
        }
        return plan
    }

    static let dataFiles = [SnapshotContent.armResourcesFile, SnapshotContent.graphObjectsFile]

    /// The snapshot folder `path` belongs to: a `manifest.json` that says it is a snapshot, or one of the data files
    /// beside such a manifest. Nil for any other file.
    static func snapshotFolder(of path: String) -> String? {
        let folder: String
        if path == SnapshotManifest.fileName {
            folder = "."
        } else if path.hasSuffix("/" + SnapshotManifest.fileName) {
            folder = String(path.dropLast(SnapshotManifest.fileName.count + 1))
        } else if let file = dataFiles.first(where: { path == $0 || path.hasSuffix("/" + $0) }) {
            folder = path == file ? "." : String(path.dropLast(file.count + 1))
        } else {
            return nil
        }
        let manifest = SnapshotFolder.path(of: SnapshotManifest.fileName, in: folder.isEmpty ? "/" : folder)
        return SnapshotFolder.looksLikeSnapshotManifest(manifest) ? (folder.isEmpty ? "/" : folder) : nil
    }
}
