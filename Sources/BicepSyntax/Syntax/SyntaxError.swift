public import SourceModel

/// A problem that makes Bicep text not valid syntax, and where. The parser collects every one it meets and goes on
/// with the next item, line or declaration. `description` reads `line:col: message`; ``diagnostic(file:)`` adds
/// the file.
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A low-cardinality code, usable in tests and as a metric label.
    public enum Code: String, Sendable, Hashable {
        case invalidUTF8 = "invalid-utf8"
        case unrecognizedCharacter = "unrecognized-character"
        case unterminatedString = "unterminated-string"
        case invalidEscape = "invalid-escape"
        case unterminatedComment = "unterminated-comment"
        case invalidInteger = "invalid-integer"
        case identifierTooLong = "identifier-too-long"
        case missingPragmaCodes = "missing-pragma-codes"
        /// A token other than the one the grammar needs here.
        case unexpectedToken = "unexpected-token"
        /// Nesting deeper than ``Parser/maximumNestingDepth``.
        case nestingTooDeep = "nesting-too-deep"
    }

    public var code: Code
    /// Where the problem was found: the unexpected token, or the bad part of a string or comment.
    public var range: SourceRange
    /// What the grammar wanted here, phrased for a person (`')' to close the call opened at 3:14`), if anything.
    public var expected: String?
    /// What was there instead (`newline`, `identifier 'foo'`), if a token was.
    public var found: String?
    /// The whole explanation: `expected X, found Y` or a description of the lexical problem.
    public var message: String

    public init(code: Code, range: SourceRange, expected: String? = nil, found: String? = nil, message: String) {
        self.code = code
        self.range = range
        self.expected = expected
        self.found = found
        self.message = message
    }

    /// `line:col: message`.
    public var description: String { "\(range.start): \(message)" }

    /// The error as an error diagnostic in `file`, coded `bicep-syntax` (or `bicep-nesting-too-deep`).
    public func diagnostic(file: String) -> Diagnostic {
        let code: Diagnostic.Code =
            switch self.code {
            case .nestingTooDeep: .bicepNestingTooDeep
            case .invalidUTF8: .invalidUTF8
            default: .bicepSyntax
            }
        return Diagnostic(code, at: range.location(in: file), message)
    }
}

extension SyntaxError {
    /// `expected <expected>, found <found>`.
    static func unexpected(_ token: Token, expected: String, in text: SourceText) -> SyntaxError {
        let found = text.describe(token)
        return SyntaxError(
            code: .unexpectedToken, range: token.range, expected: expected, found: found,
            message: "expected \(expected), found \(found)")
    }
}

extension Diagnostic.Code {
    /// Bicep text that is not valid syntax (the compiler would refuse it before anything else).
    public static let bicepSyntax = Self("bicep-syntax")
    /// Bicep nesting deeper than the parser accepts; refused rather than risking the stack.
    public static let bicepNestingTooDeep = Self("bicep-nesting-too-deep")
}
