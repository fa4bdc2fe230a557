/// A set of token kinds as a bit mask: the terminators that error recovery skips to.
struct TokenSet: Sendable {
    private var bits: UInt64

    init(_ kinds: TokenKind...) {
        bits = 0
        for kind in kinds { bits |= 1 << UInt64(kind.rawValue) }
    }

    func contains(_ kind: TokenKind) -> Bool { bits & (1 << UInt64(kind.rawValue)) != 0 }

    func adding(_ kind: TokenKind) -> TokenSet {
        var copy = self
        copy.bits |= 1 << UInt64(kind.rawValue)
        return copy
    }
}

/// What an expression may contain where it stands.
struct ExpressionFlags: OptionSet, Sendable {
    let rawValue: UInt8

    /// Object and array literals (not inside string interpolation or a loop's variable block).
    static let allowComplexLiterals = ExpressionFlags(rawValue: 1)
    /// Nested `resource` declarations (only directly inside a resource body).
    static let allowResourceDeclarations = ExpressionFlags(rawValue: 2)
}
