extension Parser {
    /// A declaration's type: `resource 'Type@version'` (for parameters and outputs; an output may omit the string)
    /// or a type expression.
    mutating func declaredType(allowsBareResource: Bool) throws(SyntaxError) -> TypeExpression {
        if at(.resource) && peek().kind != .leftChevron {
            let keyword = advance()
            if at(.stringComplete) || at(.stringLeftPiece) {
                let type = try stringLiteral()
                return TypeExpression(.resource(type), range: keyword.range.through(type.range))
            }
            guard allowsBareResource else {
                throw unexpected("a resource type string such as 'Microsoft.Storage/storageAccounts@2023-05-01'")
            }
            return TypeExpression(.resource(nil), range: keyword.range)
        }
        return try typeExpression()
    }

    /// type := ['|'] unary ('|' unary)*, where a line break may come before each `|` but not after it.
    mutating func typeExpression() throws(SyntaxError) -> TypeExpression {
        try enterNesting()
        defer { leaveNesting() }
        var start: SourceRange?
        let hasLeadingPipe = atUnionSeparator
        if hasLeadingPipe {
            skipNewlines()
            start = advance().range
        }
        let first = try unaryType()
        guard hasLeadingPipe || atUnionSeparator else { return first }
        var members = [first]
        while atUnionSeparator {
            skipNewlines()
            advance()
            if at(.newLine) { throw unexpected("a type after '|'") }
            members.append(try unaryType())
        }
        return TypeExpression(.union(members), range: (start ?? first.range).through(members[members.count - 1].range))
    }

    private var atUnionSeparator: Bool {
        at(.pipe) || (at(.newLine) && peek().kind == .pipe)
    }

    /// A type with any number of `?` (nullable) and `!` (non-nullable) after it.
    private mutating func unaryType() throws(SyntaxError) -> TypeExpression {
        var type = try signedType()
        var links = 0
        defer { treeDepth -= links }
        while true {
            if at(.question) || at(.exclamation) { try enterChainLink(&links) }
            if at(.question) {
                advance()
                type = TypeExpression(.nullable(type), range: range(from: type.range))
            } else if at(.exclamation) {
                advance()
                type = TypeExpression(.nonNullable(type), range: range(from: type.range))
            } else {
                return type
            }
        }
    }

    /// `-1` and `!true` in literal types.
    private mutating func signedType() throws(SyntaxError) -> TypeExpression {
        let unaryOperator: UnaryOperator
        switch current.kind {
        case .minus: unaryOperator = .minus
        case .exclamation: unaryOperator = .not
        default: return try memberType()
        }
        let operatorToken = advance()
        let operand = try memberType()
        return TypeExpression(.unary(unaryOperator, operand), range: operatorToken.range.through(operand.range))
    }

    /// A primary type followed by `[]`, `[*]`, `[index]`, `.name`, `.*` and `.name<...>`.
    private mutating func memberType() throws(SyntaxError) -> TypeExpression {
        var type = try primaryType()
        var links = 0
        defer { treeDepth -= links }
        while true {
            if at(.leftSquare) || at(.dot) { try enterChainLink(&links) }
            if at(.leftSquare) {
                let open = advance()
                if at(.rightSquare) {
                    advance()
                    type = TypeExpression(.array(type), range: range(from: type.range))
                } else if at(.asterisk) {
                    advance()
                    _ = try expect(.rightSquare, "']' after '[*'")
                    type = TypeExpression(.items(type), range: range(from: type.range))
                } else {
                    let index = try expression([])
                    _ = try expectClosing(.rightSquare, "']'", of: "type index", openedAt: open)
                    type = TypeExpression(.index(base: type, index: index), range: range(from: type.range))
                }
            } else if at(.dot) {
                advance()
                if at(.asterisk) {
                    advance()
                    type = TypeExpression(.additionalProperties(type), range: range(from: type.range))
                    continue
                }
                let name = try identifier("a property name after '.'")
                if at(.leftChevron) {
                    let arguments = try typeArguments()
                    type = TypeExpression(.parameterized(base: type, name: name, arguments: arguments), range: range(from: type.range))
                } else {
                    type = TypeExpression(.property(base: type, name: name), range: range(from: type.range))
                }
            } else {
                return type
            }
        }
    }

    private mutating func primaryType() throws(SyntaxError) -> TypeExpression {
        let token = current
        switch token.kind {
        case .integer:
            return TypeExpression(.integer(try integerValue(token)), range: advance().range)
        case .trueKeyword:
            return TypeExpression(.boolean(true), range: advance().range)
        case .falseKeyword:
            return TypeExpression(.boolean(false), range: advance().range)
        case .nullKeyword:
            return TypeExpression(.null, range: advance().range)
        case .stringComplete, .stringLeftPiece:
            let string = try stringLiteral()
            return TypeExpression(.string(string), range: string.range)
        case .leftBrace:
            return try objectType()
        case .leftSquare:
            return try tupleType()
        case .leftParen:
            let open = advance()
            let inner = try typeExpression()
            _ = try expectClosing(.rightParen, "')'", of: "parenthesis", openedAt: open)
            return TypeExpression(.parenthesized(inner), range: open.range.through(previous.range))
        case .identifier:
            let name = try identifier("a type")
            if at(.leftChevron) {
                let arguments = try typeArguments()
                return TypeExpression(.parameterized(base: nil, name: name, arguments: arguments), range: range(from: name.range))
            }
            return TypeExpression(.name(name), range: name.range)
        default:
            throw unexpected("a type")
        }
    }

    /// `< type, type >`.
    private mutating func typeArguments() throws(SyntaxError) -> [TypeExpression] {
        let open = advance()
        var arguments: [TypeExpression] = []
        skipNewlines()
        while !at(.rightChevron) {
            arguments.append(try typeExpression())
            skipNewlines()
            guard at(.comma) else { break }
            advance()
            skipNewlines()
        }
        _ = try expectClosing(.rightChevron, "'>'", of: "type argument list", openedAt: open)
        return arguments
    }

    /// `{ name: type, 'key': type, *: type }`, each member possibly decorated.
    private mutating func objectType() throws(SyntaxError) -> TypeExpression {
        try enterNesting()
        defer { leaveNesting() }
        let open = advance()
        let members = try separatedItems(closing: .rightBrace, describedAs: "type property", allowsDecorations: true) {
            parser throws(SyntaxError) in
            try parser.objectTypeMember()
        }
        _ = try expectClosing(.rightBrace, "'}'", of: "object type", openedAt: open)
        return TypeExpression(.object(members), range: open.range.through(previous.range))
    }

    private mutating func objectTypeMember() throws(SyntaxError) -> ObjectTypeMember {
        let decorators = try decoratorLines()
        let start = current.range
        let key: ObjectTypeMember.Key
        switch current.kind {
        case .identifier: key = .identifier(try identifier("a property name"))
        case .stringComplete, .stringLeftPiece: key = .string(try stringLiteral())
        case .asterisk: key = .additionalProperties(advance().range)
        default: throw unexpected("a property name or '*'")
        }
        _ = try expect(.colon, "':' after the property name (an optional property is written 'name: type?')")
        let type = try typeExpression()
        return ObjectTypeMember(
            decorators: decorators, key: key, type: type, range: (decorators.first?.range ?? start).through(type.range))
    }

    /// `[ type, type ]` (or one per line), each item possibly decorated.
    private mutating func tupleType() throws(SyntaxError) -> TypeExpression {
        try enterNesting()
        defer { leaveNesting() }
        let open = advance()
        let items = try separatedItems(closing: .rightSquare, describedAs: "tuple item", allowsDecorations: true) {
            parser throws(SyntaxError) in
            let decorators = try parser.decoratorLines()
            let type = try parser.typeExpression()
            return TupleTypeItem(decorators: decorators, type: type, range: (decorators.first?.range ?? type.range).through(type.range))
        }
        _ = try expectClosing(.rightSquare, "']'", of: "tuple type", openedAt: open)
        return TypeExpression(.tuple(items), range: open.range.through(previous.range))
    }
}
