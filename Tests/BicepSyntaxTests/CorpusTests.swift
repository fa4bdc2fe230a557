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

    static let declarationKeywords: Set<Substring> = [
        "targetScope", "metadata", "type", "param", "var", "func", "resource", "module", "output", "import", "extension",
        "using", "extends",
    ]

    /// Each line's text (CRLF and LF both end lines) and whether it is inside a multi-line string.
    static func lines(of bytes: [UInt8]) -> [(text: Substring, insideMultiLineString: Bool)] {
        let text = String(decoding: bytes, as: UTF8.self)
        var result: [(text: Substring, insideMultiLineString: Bool)] = []
        var insideMultiLineString = false
        let tripleQuote = String(repeating: "'", count: 3)
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(line)
            if line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            result.append((line, insideMultiLineString))
            if (line.components(separatedBy: tripleQuote).count - 1) % 2 == 1 { insideMultiLineString.toggle() }
        }
        return result
    }

    /// The first word of a line, after indentation.
    static func firstWord(_ line: Substring) -> Substring {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The line of a declaration's keyword: after its decorators.
    static func keywordLine(of declaration: Declaration) -> Int {
        guard let lastDecorator = declaration.decorators.last else { return declaration.range.start.line }
        return declaration.name.map { $0.range.start.line } ?? lastDecorator.range.end.line + 1
    }

    @Test("every .bicep and .bicepparam file in the corpus parses without a syntax error, one declaration per keyword line")
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
            var parsed: SyntaxTree?
            elapsed += clock.measure { parsed = SyntaxTree(parsing: bytes, file: file.path) }
            guard let tree = parsed else { continue }
            if tree.hasErrors {
                failures.append(tree.diagnostics.prefix(3).map(\.description).joined(separator: "\n"))
            }
            // Formatted Bicep starts each top-level declaration at the start of a line with its keyword. A construct
            // misread as part of another declaration would leave such a line without its own node, and a
            // declaration node must start at a keyword.
            let lines = Self.lines(of: bytes)
            let declarationLines = Set(tree.declarations.map(Self.keywordLine(of:)))
            for (index, line) in lines.enumerated() where !line.insideMultiLineString {
                let startsWithKeyword = Self.declarationKeywords.contains(Self.firstWord(line.text))
                if line.text.first != " " && startsWithKeyword && line.text.contains(" ")
                    && !declarationLines.contains(index + 1)
                {
                    failures.append("\(file.path):\(index + 1): a declaration keyword line without a declaration")
                }
            }
            for line in declarationLines where !Self.declarationKeywords.contains(Self.firstWord(lines[line - 1].text)) {
                failures.append("\(file.path):\(line): a declaration that does not start with a keyword")
            }
        }
        let templates = files.filter { $0.pathExtension == "bicep" }.count
        print(
            "Bicep corpus: \(templates) .bicep + \(files.count - templates) .bicepparam files, \(bytesParsed) bytes, "
                + "\(failures.count) failures, parsed in \(elapsed)")
        #expect(files.count >= 271, "expected the 266 .bicep and 5 .bicepparam corpus files")
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}

extension CorpusTests {
    @Test("broken versions of every corpus file (cut short, a byte dropped) end with errors, never a crash or a hang")
    func brokenCorpusFilesFailCleanly() throws {
        let root = Self.corpusRoot.appendingPathComponent("bicep")
        guard FileManager.default.fileExists(atPath: root.path) else {
            print("skipped: no Bicep corpus at \(root.path) (set BULWARK_CORPUS to the corpus folder)")
            return
        }
        var parsed = 0
        for file in Self.sourceFiles(under: root) {
            let bytes = try [UInt8](Data(contentsOf: file))
            guard bytes.count > 16 else { continue }
            for cut in stride(from: bytes.count / 7, to: bytes.count, by: max(bytes.count / 7, 1)) {
                _ = SyntaxTree(parsing: Array(bytes[..<cut]), file: file.path)
                var dropped = bytes
                dropped.remove(at: cut)
                _ = SyntaxTree(parsing: dropped, file: file.path)
                parsed += 2
            }
        }
        #expect(parsed > 1000)
    }
}
