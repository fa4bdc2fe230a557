public import SourceModel

/// Problems with ARM templates and parameter files.
extension Diagnostic.Code {
    /// A template whose structure ARM would reject, or that cannot be fully expanded.
    public static let invalidTemplate = Self("invalid-template")
    /// A parameter file of the wrong shape, or one whose values do not fit the template.
    public static let invalidParameterFile = Self("invalid-parameter-file")
    /// A template expression that cannot be parsed or evaluated.
    public static let invalidExpression = Self("invalid-expression")
}
