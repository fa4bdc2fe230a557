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
        var candidates: [Candidate] = []
        var problems: [InputProblem] = []
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
            for file in walk(path) where seen.insert(file).inserted {
                let lower = file.lowercased()
                if lower.hasSuffix(".json") || lower.hasSuffix(".jsonc") {
                    candidates.append(Candidate(path: file, isExplicit: false))
                } else {
                    problems.append(InputProblem(.notATemplate, .note, file: file, "skipped: not a JSON file"))
                }
            }
        }
        return (candidates, problems)
    }

    /// Every regular file below `folder`, in a stable order, without descending into hidden or build folders.
    private func walk(_ folder: String) -> [String] {
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
        }
        return files.sorted()
    }
}
