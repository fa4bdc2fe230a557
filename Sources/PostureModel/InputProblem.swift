public import LocatedJSON

/// A problem with an input that the scan reports and then works around: a file that cannot be read or
/// parsed, a template of the wrong shape, an expression that is malformed. Collected, never thrown past the
/// file it concerns, so the other inputs are still scanned.
public struct InputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short code: stable for tests and usable as a metric label.
    public enum Code: String, Sendable, Hashable, Codable {
        case fileNotFound = "file-not-found"
        case unreadableFile = "unreadable-file"
        case invalidUTF8 = "invalid-utf8"
        case emptyFile = "empty-file"
        case malformedJSON = "malformed-json"
        case notATemplate = "not-a-template"
        case invalidTemplate = "invalid-template"
        case invalidParameterFile = "invalid-parameter-file"
        case invalidExpression = "invalid-expression"
        case invalidRule = "invalid-rule"
    }

    public enum Severity: String, Sendable, Hashable, Codable {
        /// The input, or part of it, could not be scanned: the exit code says so.
        case error
        /// Something a person should know; the scan is still complete.
        case warning
        /// Shown only in verbose mode (a skipped file in a folder walk).
        case note
    }

    public var code: Code
    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ code: Code, _ severity: Severity = .error, at location: SourceLocation, _ message: String) {
        self.code = code
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// A problem with a whole file rather than a position inside it.
    public init(_ code: Code, _ severity: Severity = .error, file: String, _ message: String) {
        self.init(code, severity, at: SourceLocation(file: file, line: 1, column: 1), message)
    }

    /// `file:line:col: message` for errors, as compilers write them; `file:line:col: warning: message` else.
    public var description: String {
        severity == .error ? "\(location): \(message)" : "\(location): \(severity.rawValue): \(message)"
    }
}
