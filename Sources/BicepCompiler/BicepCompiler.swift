public import BicepSyntax
public import SourceModel

/// The result of compiling one `.bicep` file.
public struct BicepCompilation: Sendable {
    /// The ARM template (languageVersion 1, or 2.0 where the compiler switches), or nil when the file has errors or
    /// uses what the compiler does not support yet; ``diagnostics`` says which.
    public var template: TemplateValue?
    /// Syntax errors, semantic errors (unknown symbols, functions and namespaces) and unsupported constructs.
    public var diagnostics: [Diagnostic]
    public var model: SemanticModel
    /// The module files the template's nested deployments come from, each once: a value whose
    /// ``TemplateValue/fileIndex`` is n ≥ 1 was written in `includedFiles[n - 1]`.
    public var includedFiles: [String] = []

    /// Whether a construct the compiler does not support yet stopped it (as opposed to an error in the file).
    public var isUnsupported: Bool {
        template == nil && !diagnostics.isEmpty && diagnostics.allSatisfy { $0.code == .unsupportedBicep || $0.severity != .error }
    }
}

/// Compiles Bicep to ARM template JSON, as the official compiler's default code generation does, keeping the
/// `.bicep` source range of every emitted value.
public enum BicepCompiler {
    /// Compiles a parsed file; its modules are read from the file system relative to the tree's `file` (see
    /// ``compile(file:source:options:)`` to inject files or restored registry modules).
    /// - Parameter tree: the file's syntax tree.
    /// - Returns: the template (nil on any error) and every diagnostic.
    public static func compile(_ tree: SyntaxTree) -> BicepCompilation {
        compile(tree, options: BicepCompileOptions())
    }

    /// Compiles a parsed file, finding its modules as `options` says.
    /// - Parameters:
    ///   - tree: the file's syntax tree.
    ///   - options: the file reader, registry folder and depth limit.
    /// - Returns: the template (nil on any error) and every diagnostic, the modules' included.
    public static func compile(_ tree: SyntaxTree, options: BicepCompileOptions) -> BicepCompilation {
        let loader = ModuleLoader(options: options, chain: [BicepPath.normalize(tree.file)])
        var compilation = loader.compile(tree)
        compilation.includedFiles = loader.budget.includedFiles
        return compilation
    }

    /// Parses and compiles Bicep source text.
    /// - Parameters:
    ///   - source: the file's text.
    ///   - file: the path diagnostics name.
    /// - Returns: the template (nil on any error) and every diagnostic.
    public static func compile(source: String, file: String) -> BicepCompilation {
        compile(SyntaxTree(parsing: source, file: file, kind: .template))
    }
}
