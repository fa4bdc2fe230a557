import BicepSyntax
import SourceModel

extension BicepCompiler {
    /// Compiles a `.bicepparam` file to an ARM parameters file, evaluating each value at compile time as the
    /// compiler does. Supported: literals, objects, arrays, `var` references, interpolation of constant values,
    /// `loadTextContent`/`loadJsonContent`/`loadFileAsBase64`, and `az.getSecret(subscription, group, vault, secret,
    /// version?)` with literal arguments (a Key Vault reference: the secret itself stays unknown). Any other
    /// expression (function calls, operators, imports) stops with an `unsupported-bicep` diagnostic naming it.
    /// - Parameters:
    ///   - file: the `.bicepparam` path; `using` and load paths resolve against it.
    ///   - source: its bytes, or nil to read them through `options.reader`.
    ///   - options: the file reader.
    /// - Returns: the parameters JSON (nil on any error), the `using` template path and every diagnostic.
    public static func compileParameters(file: String, source: [UInt8]? = nil, options: BicepCompileOptions)
        -> BicepParametersCompilation
    {
        let path = BicepPath.normalize(file)
        guard let bytes = source ?? options.reader.read(path) else {
            let diagnostic = Diagnostic(.moduleNotFound, file: file, "expected a .bicepparam file at '\(file)', found none")
            return BicepParametersCompilation(parameters: nil, templatePath: nil, diagnostics: [diagnostic])
        }
        let tree = SyntaxTree(parsing: bytes, file: path, kind: .parameters)
        guard tree.diagnostics.isEmpty else {
            return BicepParametersCompilation(parameters: nil, templatePath: nil, diagnostics: tree.diagnostics)
        }
        var evaluator = ParameterEvaluator(tree: tree, reader: options.reader)
        return evaluator.compile()
    }
}
