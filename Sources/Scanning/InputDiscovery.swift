import Foundation
import PostureModel
import SourceModel

/// Finds the files a scan reads. Files named by the user are inputs; folders are walked, hidden folders and
/// build output skipped. Each file found goes to the first front end that claims it; other text files (source,
/// `.env`, settings, notebooks) are read for secrets only.
struct InputDiscovery {
    let frontEnds: [any InputFrontEnd]

    static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".terraform"]

    /// What discovery found: each front end's files (indexed as `frontEnds`), other text files, and problems.
    struct Found {
        var claimed: [[InputFile]]
        var textFiles: [String] = []
        var problems: [Diagnostic] = []
    }

    func discover(_ paths: [String]) -> Found {
        var found = Found(claimed: Array(repeating: [], count: frontEnds.count))
        var seen: Set<String> = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                found.problems.append(Diagnostic(.fileNotFound, file: path, "no such file or folder; check the path"))
                continue
            }
            guard isFolder.boolValue else {
                // A named file is an input: its front end (or the first, which says what it expected) reads it.
                if seen.insert(path).inserted, !frontEnds.isEmpty {
                    let owner = frontEnds.firstIndex { $0.claims(path) } ?? 0
                    found.claimed[owner].append(InputFile(path: path, isExplicit: true))
                }
                continue
            }
            for file in walk(path, problems: &found.problems) where seen.insert(file).inserted {
                if let owner = frontEnds.firstIndex(where: { $0.claims(file) }) {
                    found.claimed[owner].append(InputFile(path: file, isExplicit: false))
                } else if SecretFileScan.isText(file) {
                    found.textFiles.append(file)
                } else {
                    found.problems.append(Diagnostic(.notATemplate, .note, file: file, "skipped: neither a JSON template nor a text file to check for secrets"))
                }
            }
        }
        return found
    }

    /// Every regular file below `folder`, in a stable order, without descending into hidden or build folders.
    /// Symbolic links to files are followed; links to folders are not (that is how loops are avoided), and
    /// each one skipped is noted.
    private func walk(_ folder: String, problems: inout [Diagnostic]) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            let name = (relative as NSString).lastPathComponent
            if type == .typeDirectory {
                if name.hasPrefix(".") || Self.skippedFolders.contains(name) { enumerator.skipDescendants() }
                continue
            }
            if type == .typeRegular { files.append(prefix + relative) }
            if type == .typeSymbolicLink {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: prefix + relative, isDirectory: &isFolder), !isFolder.boolValue {
                    files.append(prefix + relative)
                } else {
                    problems.append(Diagnostic(.notATemplate, .note, file: prefix + relative, "skipped: a symbolic link to a folder (or to nothing) is not followed"))
                }
            }
        }
        return files.sorted()
    }
}
