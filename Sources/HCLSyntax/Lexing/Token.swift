/// The kinds of token of HCL native syntax. Inside templates the lexer emits literal pieces and the openers and
/// closers of interpolations and directives; between them it emits ordinary expression tokens.
enum TokenKind: Sendable, Hashable {
    case identifier
    case number
    case newline
    case endOfFile
    /// A byte that starts no token.
    case unrecognized

    case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen
    case comma, dot, ellipsis, question, colon, doubleColon, equals, fatArrow
    case plus, minus, star, slash, percent, bang
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual, andAnd, orOr

    /// `"` opening a quoted template.
    case openQuote
    /// `"` closing one.
    case closeQuote
    /// `<<MARKER` or `<<-MARKER` and its line break.
    case heredocOpen
    /// The line holding the closing marker.
    case heredocClose
    /// Literal text of a template, raw (escapes not yet decoded).
    case templateLiteral
    /// `${` or `${~`.
    case interpolationOpen
    /// `%{` or `%{~`.
    case directiveOpen
    /// `}` or `~}` closing an interpolation or a directive.
    case templateClose
}

/// A token: its kind and byte offsets. Positions are computed only for tokens that end up in the tree.
struct Token: Sendable, Hashable {
    var kind: TokenKind
    var start: Int
    var end: Int
    /// For `${~`, `%{~` and `~}`: a strip marker is present.
    var strips = false
    /// For a `<<-` heredoc's literal at the start of a line: how many leading bytes of indentation to drop.
    var indentToDrop = 0
    /// For a literal in a heredoc rather than a quoted string (no backslash escapes there).
    var isHeredocLiteral = false
}
