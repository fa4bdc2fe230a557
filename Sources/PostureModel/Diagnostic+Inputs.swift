public import SourceModel

/// Codes for problems with scan inputs that any front end or the scanner itself may report.
extension Diagnostic.Code {
    /// An input that is not of a kind the reader takes: a named file of the wrong format, or a file skipped in
    /// a folder walk (a note).
    public static let notATemplate = Self("not-a-template")
}
