import Foundation
import PostureModel

/// Finds the files a scan reads. Files named by the user are inputs; folders are walked, hidden folders and
/// build output skipped; `.json` and `.jsonc` files are template candidates, other text files (source, `.env`,
/// settings, notebooks) are read for secrets only.
struct InputDiscovery {
    struct Candidate: Hashable {
        var path: String
        /// Named on the command line: it must be a template, or that is an error.
        var isExplicit: Bool
    }

    static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".terraform"]

    /// Templates to read, other text files to read for secrets only, and what was skipped.
    func discover(_ paths: [String]) -> (candidates: [Candidate], textFiles: [String], problems: [InputProblem]) {
        var problems: [InputProblem] = []
        var textFiles: [String] = []
        let found = discoverFiles(paths, textFiles: &textFiles, problems: &problems)
        return (found, textFiles, problems)
    }

    private func discoverFiles(_ paths: [String], textFiles: inout [String], problems: inout [InputProblem]) -> [Candidate] {
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
                } else if SecretFileScan.isText(file) {
                    textFiles.append(file)
                } else {
                    problems.append(InputProblem(.notATemplate, .note, file: file, "skipped: neither a JSON template nor a text file to check for secrets"))
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
