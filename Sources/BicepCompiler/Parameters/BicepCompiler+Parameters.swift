public import BicepSyntax
import SourceModel

extension BicepCompiler {
    /// Compiles a `.bicepparam` file to an ARM template that computes its parameter values (see
    /// ``BicepParametersCompilation/evaluationTemplate``): every expression is lowered as in a `.bicep` file (functions,
    /// operators, lambdas, `var`s, `load*` functions), `readEnvironmentVariable(name, default?)` is read from
    /// `options.environment` (an error naming the variable when it is unset and has no default, as the compiler
    /// reports it), and `getSecret(subscription, group, vault, secret, version?)` stays a Key Vault reference. What
    /// cannot be known while compiling (`resourceGroup()`, `utcNow()`, `reference(...)`...) is an error naming the
    /// function. `import`s, `type`s, `func`s and typed variables compile as in a `.bicep` file; `extends` reads its
    /// base file's values through ``compileParameters(_:options:base:)``; `externalInput` is an `unsupported-bicep` error.
    /// - Parameters:
    ///   - file: the `.bicepparam` path; `using` and load paths resolve against it.
    ///   - source: its bytes, or nil to read them through `options.reader`.
    ///   - options: the file reader and the environment.
    /// - Returns: the evaluation template (nil on any error), the assignments, the `using` template path and every
    ///   diagnostic.
    public static func compileParameters(file: String, source: [UInt8]? = nil, options: BicepCompileOptions)
        -> BicepParametersCompilation
    {
        let path = BicepPath.normalize(file)
        guard let bytes = source ?? options.reader.read(path) else {
            let diagnostic = Diagnostic(.moduleNotFound, file: file, "expected a .bicepparam file at '\(file)', found none")
            return BicepParametersCompilation(evaluationTemplate: nil, assignments: [], templatePath: nil, diagnostics: [diagnostic])
        }
        return compileParameters(SyntaxTree(parsing: bytes, file: path, kind: .parameters), options: options)
    }

    /// Compiles a parsed `.bicepparam` file, as ``compileParameters(file:source:options:)`` does.
    /// - Parameters:
    ///   - tree: the parsed file.
    ///   - options: the file reader and the environment.
    ///   - base: for a file with `extends`, the values of its base file (an object of parameter name to value, as
    ///     evaluated): what `base.name` reads. Without it, `extends` is an error.
    public static func compileParameters(_ tree: SyntaxTree, options: BicepCompileOptions, base: TemplateValue? = nil)
        -> BicepParametersCompilation
    {
        guard tree.diagnostics.isEmpty else {
            return BicepParametersCompilation(evaluationTemplate: nil, assignments: [], templatePath: nil, diagnostics: tree.diagnostics)
        }
        var emitter = ParametersEmitter(tree: tree, options: options, base: base)
        return emitter.compile()
    }
}
