import Foundation
import HCLSyntax
import Testing

/// Parses every `.tf` file of the shared corpus (configurations that Terraform accepts, so free of syntax errors).
/// The corpus path comes from `BULWARK_CORPUS`, else `../shared/corpus` beside the package.
@Suite("HCL corpus")
struct CorpusTests {
    static var corpusRoot: URL {
        if let path = ProcessInfo.processInfo.environment["BULWARK_CORPUS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    static func terraformFiles(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "tf" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test("every .tf file in the corpus parses without a syntax error, every top-level item a block")
    func corpusParsesCleanly() throws {
        let root = Self.corpusRoot
        guard FileManager.default.fileExists(atPath: root.path) else {
            print("skipped: no corpus at \(root.path) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        let files = Self.terraformFiles(under: root)
        var failures: [String] = []
        var bytesParsed = 0
        var blocks = 0
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            bytesParsed += bytes.count
            var parsed: HCLFile?
            elapsed += clock.measure { parsed = HCLFile(parsing: bytes, file: file.path) }
            guard let tree = parsed else { continue }
            failures.append(contentsOf: tree.errors.prefix(3).map(\.description))
            // A Terraform file holds only blocks at the top level (resource, variable, locals...).
            for case .attribute(let attribute) in tree.body.items {
                failures.append("\(attribute.range.location): a top-level attribute '\(attribute.name.text)'")
            }
            blocks += tree.body.blocks.count
        }
        print(
            "HCL corpus: \(files.count) .tf files, \(bytesParsed) bytes, \(blocks) top-level blocks, \(failures.count) failures, "
                + "parsed in \(elapsed)")
        #expect(files.count >= 148, "expected at least the 148 .tf corpus files")
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test("broken versions of every corpus file (cut short, a byte dropped) end with errors or parse, never a crash or a hang")
    func brokenCorpusFilesFailCleanly() throws {
        let root = Self.corpusRoot
        guard FileManager.default.fileExists(atPath: root.path) else {
            print("skipped: no corpus at \(root.path) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        var parsed = 0
        for file in Self.terraformFiles(under: root) {
            let bytes = try [UInt8](Data(contentsOf: file))
            guard bytes.count > 16 else { continue }
            for cut in stride(from: bytes.count / 7, to: bytes.count, by: max(bytes.count / 7, 1)) {
                _ = HCLFile(parsing: Array(bytes[..<cut]), file: file.path)
                var dropped = bytes
                dropped.remove(at: cut)
                _ = HCLFile(parsing: dropped, file: file.path)
                parsed += 2
            }
        }
        #expect(parsed > 500)
    }
}
