import Foundation
import PostureModel

/// Finds the files a scan reads. Files named by the user are inputs; folders are walked, hidden folders and
/// build output skipped, and only `.json` and `.jsonc` files considered.
struct InputDiscovery {
    struct Candidate: Hashable {
        var path: String
        /// Named on the command line: it must be a template, or that is an error.
        var isExplicit: Bool
    }

    static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".terraform"]

    func discover(_ paths: [String]) -> (candidates: [Candidate], problems: [InputProblem]) {
        var problems: [InputProblem] = []
        let found = discoverFiles(paths, problems: &problems)
        return (found, problems)
    }

    private func discoverFiles(_ paths: [String], problems: inout [InputProblem]) -> [Candidate] {
        var candidates: [Candidate] = []
        var seen: Set<String> = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                problems.append(InputProblem(.fileNotFound, file: path, "no such file or folder; check the path"))
                continue
            }
            guard isFolder.boolValue else {
                if seen.insert(path).inserted { candidates.append(Candidate(path: path, isExplicit: true)) }
                continue
            }
            for file in walk(path, problems: &problems) where seen.insert(file).inserted {
                let lower = file.lowercased()
                if lower.hasSuffix(".json") || lower.hasSuffix(".jsonc") {
                    candidates.append(Candidate(path: file, isExplicit: false))
                } else {
                    problems.append(InputProblem(.notATemplate, .note, file: file, "skipped: not a JSON file"))
                }
            }
        }
        return candidates
    }

    /// Every regular file below `folder`, in a stable order, without descending into hidden or build folders.
    /// Symbolic links to files are followed; links to folders are not (that is how loops are avoided), and
    /// each one skipped is noted.
    private func walk(_ folder: String, problems: inout [InputProblem]) -> [String] {
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
                    problems.append(InputProblem(.notATemplate, .note, file: prefix + relative, "skipped: a symbolic link to a folder (or to nothing) is not followed"))
                }
            }
        }
        return files.sorted()
    }
}
