import BicepSyntax
import Foundation
import Testing

/// Parses every `.bicep` and `.bicepparam` file of the shared Bicep corpus (compiled by the official compiler, so
/// free of syntax errors). The corpus path comes from `BULWARK_CORPUS`, else `../shared/corpus` beside the package.
@Suite("Bicep corpus")
struct CorpusTests {
    static var corpusRoot: URL {
        if let path = ProcessInfo.processInfo.environment["BULWARK_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    static func sourceFiles(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "bicep" || url.pathExtension == "bicepparam" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test("every .bicep and .bicepparam file in the corpus parses without a syntax error")
    func corpusParsesCleanly() throws {
        let root = Self.corpusRoot.appendingPathComponent("bicep")
        guard FileManager.default.fileExists(atPath: root.path) else {
            print("skipped: no Bicep corpus at \(root.path) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        let files = Self.sourceFiles(under: root)
        var failures: [String] = []
        var bytesParsed = 0
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            bytesParsed += bytes.count
            var tree: SyntaxTree?
            elapsed += clock.measure { tree = SyntaxTree(parsing: bytes, file: file.path) }
            if let tree, tree.hasErrors {
                failures.append(tree.diagnostics.prefix(3).map(\.description).joined(separator: "\n"))
            }
        }
        let templates = files.filter { $0.pathExtension == "bicep" }.count
        print(
            "Bicep corpus: \(templates) .bicep + \(files.count - templates) .bicepparam files, \(bytesParsed) bytes, "
                + "\(failures.count) with errors, parsed in \(elapsed)")
        #expect(files.count >= 271, "expected the 266 .bicep and 5 .bicepparam corpus files")
        #expect(failures.isEmpty, "\(failures.count) files failed:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}
