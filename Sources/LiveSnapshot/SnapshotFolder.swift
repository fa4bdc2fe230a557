import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of a snapshot folder on disk: paths, the check before writing, and atomic replacement.
enum SnapshotFolder {
    /// What a snapshot folder may hold: its manifest, its data folders, and the temporary names of an interrupted write.
    static let ownEntries: Set<String> = [SnapshotManifest.fileName, "arm", "graph", ".\(SnapshotManifest.fileName).partial"]

    static func path(of file: String, in folder: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + file
    }

    /// `arm/.resources.jsonl.partial` for `arm/resources.jsonl`: beside the file, so the rename stays on one file system.
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
    }

    /// Whether `manifest.json` at `path` says it is a snapshot manifest (any version), judged from its first
    /// megabyte without parsing it.
    static func looksLikeSnapshotManifest(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20) else { return false }
        return data.range(of: Data("\"bulwark.snapshot/".utf8)) != nil
    }

    /// Creates `folder` if needed, refuses one that holds anything but a snapshot, and removes a previous
    /// snapshot's manifest so the folder does not look complete until the new manifest is in place.
    static func prepareForWriting(_ folder: String) throws(SnapshotError) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw SnapshotError(.folderNotEmpty, path: folder, "a file is in the way; give a folder to write the snapshot into")
            }
            let entries: [String]
            do {
                entries = try manager.contentsOfDirectory(atPath: folder)
            } catch {
                throw SnapshotError(.inputOutput, path: folder, "cannot list the folder (\(error.localizedDescription))")
            }
            let manifest = path(of: SnapshotManifest.fileName, in: folder)
            let previousSnapshot = manager.fileExists(atPath: manifest) && looksLikeSnapshotManifest(manifest)
            let others = entries.filter { !ownEntries.contains($0) }.sorted()
            guard others.isEmpty, !manager.fileExists(atPath: manifest) || previousSnapshot else {
                let example = others.first ?? SnapshotManifest.fileName
                throw SnapshotError(
                    .folderNotEmpty, path: folder,
                    "the folder holds files that are not a snapshot's (\(example)); give a new or empty folder, or a previous snapshot's folder"
                )
            }
            if previousSnapshot, unlink(manifest) != 0 {
                throw SnapshotError(.inputOutput, path: manifest, "cannot replace the previous snapshot's manifest (\(errorText()))")
            }
        } else {
            do {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SnapshotError(.inputOutput, path: folder, "cannot create the folder (\(error.localizedDescription))")
            }
        }
    }

    static func createParent(of path: String) throws(SnapshotError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw SnapshotError(.inputOutput, path: parent, "cannot create the folder (\(error.localizedDescription))")
        }
    }

    /// Moves `source` over `destination` in one step (POSIX `rename`): readers see the old file or the new one.
    static func rename(_ source: String, to destination: String) throws(SnapshotError) {
        #if canImport(Glibc)
            let result = Glibc.rename(source, destination)
        #else
            let result = Darwin.rename(source, destination)
        #endif
        guard result == 0 else {
            throw SnapshotError(.inputOutput, path: destination, "cannot move the written file into place (\(errorText()))")
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
