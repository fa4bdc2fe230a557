public import SourceModel

/// Codes the Bicep front end reports (the compiler's own codes, such as `unsupported-bicep`, pass through).
extension Diagnostic.Code {
    /// A `.bicepparam` file whose values are not applied yet: its `using` template is judged with its defaults.
    public static let bicepParametersNotApplied = Self("bicepparam-not-applied")
    /// A `.bicepparam` file whose `using` names no file that exists, or names none at all.
    public static let invalidUsing = Self("invalid-using")
    /// A `.bicep` file skipped in a folder walk because another scanned `.bicep` uses it as a module (a note).
    public static let bicepModuleFile = Self("bicep-module-file")
}
