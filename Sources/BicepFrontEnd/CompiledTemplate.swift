import ARMTemplates
import BicepCompiler
import BicepSyntax
package import LocatedJSON
package import SourceModel

/// What the front end takes from a compilation: the template as the ARM engine reads it (positions in the `.bicep`
/// file) and every diagnostic. A seam so that tests can stand in for compiler features that are not there yet.
package struct CompiledTemplate: Sendable {
    /// The ARM template, nil when the file has errors or constructs the compiler does not support yet.
    package var template: JSONValue?
    package var diagnostics: [Diagnostic]
    /// The module files the template's values also come from (``BicepCompilation/includedFiles``).
    package var includedFiles: [String]

    package init(template: JSONValue?, diagnostics: [Diagnostic], includedFiles: [String] = []) {
        self.template = template
        self.diagnostics = diagnostics
        self.includedFiles = includedFiles
    }

    /// BicepCompiler's compilation of `tree`.
    static func compile(_ tree: SyntaxTree, settings: BicepSettings) -> CompiledTemplate {
        let compilation = BicepCompiler.compile(tree, options: settings.compileOptions)
        return CompiledTemplate(
            template: compilation.template?.jsonValue, diagnostics: compilation.diagnostics, includedFiles: compilation.includedFiles)
    }

    /// The template as the ARM engine reads it, named `file`; nil when there is none.
    func document(file: String) -> SourceDocument? {
        template.map { SourceDocument(file: file, root: $0, includedFiles: includedFiles) }
    }
}
