public import SourceModel

/// A problem that makes HCL text not valid native syntax, and where. The parser collects every one it meets and
/// goes on with the next line or closing bracket. `description` reads `file:line:col: message`.
public struct HCLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A low-cardinality code, usable in tests and as a metric label.
    public enum Code: String, Sendable, Hashable {
        case invalidUTF8 = "invalid-utf8"
        case unrecognizedCharacter = "unrecognized-character"
        case unterminatedString = "unterminated-string"
        case unterminatedHeredoc = "unterminated-heredoc"
        case invalidEscape = "invalid-escape"
        case unterminatedComment = "unterminated-comment"
        /// A token other than the one the grammar needs here.
        case unexpectedToken = "unexpected-token"
        /// Nesting deeper than ``HCLFile/maximumNestingDepth``.
        case nestingTooDeep = "nesting-too-deep"
    }

    public var code: Code
    /// Where the problem was found: the unexpected token, or the bad part of a string or comment.
    public var range: HCLSourceRange
    /// What the grammar wanted here, phrased for a person (`'}' to close the block opened at 3:14`), if anything.
    public var expected: String?
    /// The whole explanation: `expected X, found Y`, or a description of the lexical problem.
    public var message: String

    public init(code: Code, range: HCLSourceRange, expected: String? = nil, message: String) {
        self.code = code
        self.range = range
        self.expected = expected
        self.message = message
    }

    /// `file:line:col: message`.
    public var description: String { "\(range.location): \(message)" }

    /// The error as an error diagnostic, coded `hcl-syntax` (or `hcl-nesting-too-deep`, `invalid-utf8`).
    public var diagnostic: Diagnostic {
        let code: Diagnostic.Code =
            switch self.code {
            case .nestingTooDeep: .hclNestingTooDeep
            case .invalidUTF8: .invalidUTF8
            default: .hclSyntax
            }
        return Diagnostic(code, at: range.location, message)
    }
}

extension Diagnostic.Code {
    /// HCL text that is not valid native syntax (Terraform would refuse it before anything else).
    public static let hclSyntax = Self("hcl-syntax")
    /// HCL nesting deeper than the parser accepts; refused rather than risking the stack.
    public static let hclNestingTooDeep = Self("hcl-nesting-too-deep")
}
