/// A problem found while reading an input, a rule file or a configuration, reported and then worked around:
/// a file that cannot be read or parsed, a template of the wrong shape, an unknown operator in a rule, a
/// setting out of range. Diagnostics are collected, never thrown past the input they concern, so the rest of
/// the work still happens; only a caller that cannot go on throws one.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short, stable code: for tests, reports and metric labels. The set is open: each part that reports
    /// diagnostics declares its own codes as static constants in an extension.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var description: String { rawValue }
    }

    public enum Severity: String, Sendable, Hashable, Codable {
        /// The input, or part of it, could not be used: exit codes say so.
        case error
        /// Something a person should know; the work is still complete.
        case warning
        /// Shown only when asked for (a skipped file in a folder walk).
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

/// Codes any reader of files can report.
extension Diagnostic.Code {
    public static let fileNotFound = Self("file-not-found")
    public static let unreadableFile = Self("unreadable-file")
    public static let invalidUTF8 = Self("invalid-utf8")
    public static let emptyFile = Self("empty-file")
}
