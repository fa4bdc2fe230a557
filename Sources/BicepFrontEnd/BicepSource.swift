import BicepSyntax
import Foundation
import SourceModel

/// One `.bicep` or `.bicepparam` file read and parsed, with the local files it names.
struct BicepSource: Sendable {
    var file: String
    var tree: SyntaxTree

    /// Reads and parses `path`; a file that cannot be read is a located diagnostic. Syntax errors stay in the tree.
    static func read(_ path: String) -> Result<BicepSource, Diagnostic> {
        let data: Data
        switch FileAccess.read(path) {
        case .success(let read): data = read
        case .failure(let failure): return .failure(failure.diagnostic)
        }
        return .success(BicepSource(file: path, tree: SyntaxTree(parsing: [UInt8](data), file: path)))
    }

    var isParameterFile: Bool { tree.kind == .parameters }

    /// The files this template uses as local modules (`module x './y.bicep' = ...`), as absolute standardized paths.
    /// Registry (`br:`, `br/alias:`) and template spec (`ts:`) references are not files and are left out.
    var localModules: [String] {
        tree.declarations.compactMap { declaration in
            guard case .module(let module) = declaration.kind, let path = module.path.value, Self.isLocal(path) else { return nil }
            return Self.resolve(path, from: file)
        }
    }

    /// The `using` declaration of a parameter file, if it has one.
    var usingDeclaration: (declaration: UsingDeclaration, range: SourceRange)? {
        for declaration in tree.declarations {
            if case .using(let found) = declaration.kind { return (found, declaration.range) }
        }
        return nil
    }

    static func isLocal(_ reference: String) -> Bool {
        let lower = reference.lowercased()
        return !(lower.hasPrefix("br:") || lower.hasPrefix("br/") || lower.hasPrefix("ts:") || lower.hasPrefix("ts/"))
    }

    /// `reference` relative to the folder of `file`, as an absolute standardized path.
    static func resolve(_ reference: String, from file: String) -> String {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        return key(URL(fileURLWithPath: reference, relativeTo: folder).path)
    }

    /// The path in the form paths are compared in: absolute and standardized.
    static func key(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
