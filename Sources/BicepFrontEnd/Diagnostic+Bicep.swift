public import SourceModel

/// Codes the Bicep front end reports (the compiler's own codes, such as `unsupported-bicep`, pass through).
extension Diagnostic.Code {
    /// A `.bicepparam` file that deploys no template Bulwark can judge: `using none`, or a registry template.
    public static let bicepParametersNotApplied = Self("bicepparam-not-applied")
    /// A `.bicepparam` file whose `using` names no file that exists, or names none at all.
    public static let invalidUsing = Self("invalid-using")
    /// A `.bicep` file skipped in a folder walk because another scanned `.bicep` uses it as a module (a note).
    public static let bicepModuleFile = Self("bicep-module-file")
    /// A `.bicepparam` `extends` that names no parameters file, a file that does not compile, or a cycle of them.
    public static let invalidExtends = Self("invalid-extends")
    /// A `.bicepparam` assignment to a parameter its template does not declare.
    public static let undeclaredParameter = Self("undeclared-parameter")
    /// A `.bicepparam` file that leaves a parameter without a default unassigned.
    public static let missingParameter = Self("missing-parameter")
    /// A `.bicepparam` value whose type is not the type the template declares for the parameter.
    public static let parameterTypeMismatch = Self("parameter-type-mismatch")
}
