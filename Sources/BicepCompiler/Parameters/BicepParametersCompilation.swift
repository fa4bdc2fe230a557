public import SourceModel

/// The result of compiling one `.bicepparam` file.
public struct BicepParametersCompilation: Sendable {
    /// The ARM parameters file (`deploymentParameters.json` schema): each `param` as `{"value": ...}`, a
    /// `getSecret(...)` as a Key Vault `reference`; nil when the file has errors or uses what is not supported yet.
    public var parameters: TemplateValue?
    /// The template the `using` declaration names, resolved against the `.bicepparam` file (nil for `using none`).
    public var templatePath: String?
    public var diagnostics: [Diagnostic]
}
