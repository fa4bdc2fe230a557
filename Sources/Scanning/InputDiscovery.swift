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

    /// Every regular file below `folder`, in a stable order.
    private func walk(_ folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey], options: []
        ) else { return [] }
        var files: [String] = []
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            if values?.isDirectory == true {
                if url.lastPathComponent.hasPrefix(".") || Self.skippedFolders.contains(url.lastPathComponent) {
                    enumerator.skipDescendants()
                }
                continue
            }
            if values?.isRegularFile == true { files.append(Self.display(url, under: root, as: folder)) }
        }
        return files.sorted()
    }

    /// Paths are shown as the user wrote the folder, plus the relative part: `Examples/openai.json`.
    private static func display(_ url: URL, under root: URL, as written: String) -> String {
        let rootPath = root.standardizedFileURL.path
        let filePath = url.standardizedFileURL.path
        guard filePath.hasPrefix(rootPath) else { return filePath }
        var relative = String(filePath.dropFirst(rootPath.count))
        if relative.hasPrefix("/") { relative.removeFirst() }
        return written.hasSuffix("/") ? written + relative : written + "/" + relative
    }
}
