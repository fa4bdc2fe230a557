public import SourceModel

/// Why a text could not be read as JSON, and where. `description` reads `line:col: expected ...`;
/// callers that know the file name prefix it (see ``SourceLocation``).
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A low-cardinality code, usable in tests and as a metric label.
    public enum Code: String, Sendable, Hashable {
        case emptyInput = "empty-input"
        case invalidUTF8 = "invalid-utf8"
        case unexpectedCharacter = "unexpected-character"
        case unexpectedEnd = "unexpected-end"
        case invalidNumber = "invalid-number"
        case invalidEscape = "invalid-escape"
        case controlCharacterInString = "control-character-in-string"
        case unterminatedComment = "unterminated-comment"
        case trailingContent = "trailing-content"
        case nestingTooDeep = "nesting-too-deep"
    }

    public var code: Code
    public var position: SourcePosition
    /// What was expected, phrased for a person: "expected ',' or '}' after object member".
    public var message: String

    public init(code: Code, position: SourcePosition, message: String) {
        self.code = code
        self.position = position
        self.message = message
    }

    public var description: String { "\(position): \(message)" }
}

extension Diagnostic.Code {
    /// A file that is not valid JSON (or JSONC as ARM reads it).
    public static let malformedJSON = Self("malformed-json")
}

extension JSONSyntaxError {
    /// The error as a located diagnostic for `file`: `invalid-utf8` and `empty-file` keep their own codes, every
    /// other syntax error is `malformed-json`.
    public func diagnostic(file: String) -> Diagnostic {
        let code: Diagnostic.Code =
            switch self.code {
            case .invalidUTF8: .invalidUTF8
            case .emptyInput: .emptyFile
            default: .malformedJSON
            }
        return Diagnostic(code, at: SourceLocation(file: file, position: position), message)
    }
}
