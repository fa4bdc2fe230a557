import Foundation
import SourceModel
import PostureModel
import SensitiveData

/// Secrets committed in plain text: every scanned text file (templates, parameter files, source, `.env`,
/// notebooks, settings JSON and YAML) is read with the secret detector, and each secret becomes a
/// `Bulwark.Source/secrets` resource at its file:line:column, which the secrets rules judge. The resource carries
/// the kind of secret only, never its value.
enum SecretFileScan {
    static let resourceType = ResourceType("Bulwark.Source/secrets")
    /// Files larger than this are not read for secrets (generated bundles, data dumps).
    static let maximumBytes = 5 * 1024 * 1024

    static let textExtensions: Set<String> = [
        "json", "jsonc", "yaml", "yml", "env", "ini", "cfg", "conf", "config", "properties", "toml", "xml", "ipynb", "tf", "tfvars",
        "bicep", "bicepparam", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "cs", "java", "kt", "go", "rb", "php", "swift", "rs",
        "ps1", "psm1", "sh", "bash", "zsh", "sql", "txt", "md", "pem", "key",
    ]
    static let textNames: Set<String> = [".env", "dockerfile", ".npmrc", ".pypirc", ".netrc", "credentials", "makefile"]

    static func isText(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        if textNames.contains(name) || name.hasPrefix(".env.") { return true }
        let ext = (name as NSString).pathExtension
        return !ext.isEmpty && textExtensions.contains(ext)
    }

    static let detector = SensitiveDataDetector(kinds: Set(SensitiveDataKind.allCases.filter(\.isSecret)))

    /// One resource per secret in the file at `path`; a file that cannot be read, is too large or is not UTF-8
    /// text is skipped with a note.
    static func resources(in path: String) -> (resources: [Resource], problem: Diagnostic?) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int else {
            return ([], Diagnostic(.notATemplate, .note, file: path, "skipped for secrets: cannot be read"))
        }
        guard size <= maximumBytes else {
            return ([], Diagnostic(.notATemplate, .note, file: path, "skipped for secrets: larger than 5 MB"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return ([], Diagnostic(.notATemplate, .note, file: path, "skipped for secrets: cannot be read"))
        }
        let bytes = [UInt8](data)
        guard !bytes.contains(0) else { return ([], nil) }  // binary
        return (resources(in: bytes, file: path), nil)
    }

    static func resources(in bytes: [UInt8], file: String) -> [Resource] {
        let matches = detector.matches(inUTF8: bytes)
        guard !matches.isEmpty else { return [] }
        // Line starts, to turn byte offsets into line:column (columns in Unicode scalars, as the JSON reader counts).
        var lineStarts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(index + 1) }
        return matches.map { match in
            let lineIndex = (lineStarts.lastIndex { $0 <= match.range.lowerBound } ?? 0)
            let column = bytes[lineStarts[lineIndex]..<match.range.lowerBound].filter { $0 & 0xC0 != 0x80 }.count + 1
            let location = SourceLocation(file: file, line: lineIndex + 1, column: column)
            let name = "\(match.kind.rawValue) at \(file):\(lineIndex + 1):\(column)"
            let body = Value(.object([
                .init(key: "properties", value: Value(.object([
                    .init(key: "kind", value: .string(match.kind.rawValue, at: location)),
                    .init(key: "line", value: Value(.integer(Int64(lineIndex + 1)), location: location)),
                ]), location: location)),
            ]), location: location)
            return Resource(type: resourceType, name: name, id: "source-file:\(file)#L\(lineIndex + 1)C\(column)", body: body,
                            source: location, origin: .sourceFile)
        }
    }
}
