/// A comment, kept so that tools can show or check it; the parser itself skips comments.
public struct Comment: Sendable, Hashable {
    /// `// ...` to the end of the line, or `/* ... */`.
    public enum Style: Sendable, Hashable {
        case line, block
    }

    public var style: Style
    /// The comment's full text, delimiters included.
    public var text: String
    public var range: SourceRange

    public init(style: Style, text: String, range: SourceRange) {
        self.style = style
        self.text = text
        self.range = range
    }
}

/// A `#disable-next-line`, `#disable-diagnostics` or `#restore-diagnostics` line with the codes it names.
public struct DiagnosticsPragma: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case disableNextLine = "disable-next-line"
        case disableDiagnostics = "disable-diagnostics"
        case restoreDiagnostics = "restore-diagnostics"
    }

    public var kind: Kind
    /// The diagnostic codes, in order (`BCP081`, `no-unused-params`).
    public var codes: [String]
    /// From `#` to the end of the last code.
    public var range: SourceRange

    public init(kind: Kind, codes: [String], range: SourceRange) {
        self.kind = kind
        self.codes = codes
        self.range = range
    }
}
