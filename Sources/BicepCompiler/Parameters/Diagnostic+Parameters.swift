public import SourceModel

/// Codes of `.bicepparam` compilation.
extension Diagnostic.Code {
    /// A `.bicepparam` value that uses what only a deployment knows (`resourceGroup()`, `utcNow()`, `reference(...)`).
    public static let notCompileTime = Self("not-compile-time")
    /// `readEnvironmentVariable('X')` with `X` unset and no default.
    public static let unsetEnvironmentVariable = Self("unset-environment-variable")
}
