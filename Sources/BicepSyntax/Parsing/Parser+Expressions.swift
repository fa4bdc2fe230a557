extension Parser {
    /// The tokens that end an operand when error recovery inside an expression gives up.
    static let expressionTerminators = TokenSet(.stringRightPiece, .rightBrace, .rightParen, .rightSquare, .newLine)

    /// expression := binary [newlines] ['?' expression [newlines] ':' expression]
    mutating func expression(_ flags: ExpressionFlags) throws(SyntaxError) -> Expression {
        try enterNesting()
        defer { leaveNesting() }
        let condition = try binaryExpression(flags, above: 0)
        if peekSkippingNewlines().kind == .question { skipNewlines() }
        guard at(.question) else { return condition }
        advance()
        let whenTrue = try expression(flags)
        if peekSkippingNewlines().kind == .colon { skipNewlines() }
        _ = try expect(.colon, "':' for the false branch of the '?' operator")
        let whenFalse = try expression(flags)
        return Expression(
            .ternary(condition: condition, then: whenTrue, else: whenFalse), range: condition.range.through(whenFalse.range))
    }

    /// Binary operators by precedence climbing; all are left-associative.
    private mutating func binaryExpression(_ flags: ExpressionFlags, above precedence: Int) throws(SyntaxError) -> Expression {
        var left = try unaryExpression(flags)
        var links = 0
        defer { treeDepth -= links }
        while let binaryOperator = Self.binaryOperator(current.kind), binaryOperator.precedence > precedence {
            try enterChainLink(&links)
            advance()
            let right = try binaryExpression(flags, above: binaryOperator.precedence)
            left = Expression(.binary(binaryOperator, left, right), range: left.range.through(right.range))
        }
        return left
    }

    static func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .doubleQuestion: .coalesce
        case .logicalOr: .logicalOr
        case .logicalAnd: .logicalAnd
        case .equals: .equals
        case .notEquals: .notEquals
        case .equalsInsensitive: .equalsInsensitive
        case .notEqualsInsensitive: .notEqualsInsensitive
        case .leftChevron: .lessThan
        case .lessThanOrEqual: .lessThanOrEqual
        case .rightChevron: .greaterThan
        case .greaterThanOrEqual: .greaterThanOrEqual
        case .plus: .add
        case .minus: .subtract
        case .asterisk: .multiply
        case .slash: .divide
        case .modulo: .modulo
        default: nil
        }
    }

    /// `!x` and `-x` apply to a member expression (so `!!x` is not Bicep).
    private mutating func unaryExpression(_ flags: ExpressionFlags) throws(SyntaxError) -> Expression {
        let unaryOperator: UnaryOperator
        switch current.kind {
        case .exclamation: unaryOperator = .not
        case .minus: unaryOperator = .minus
        default: return try memberExpression(flags)
        }
        let operatorToken = advance()
        let operand = try memberExpression(flags)
        return Expression(.unary(unaryOperator, operand), range: operatorToken.range.through(operand.range))
    }

    /// A primary expression followed by `[index]`, `.name`, `.name(...)`, `::child` and `!`.
    private mutating func memberExpression(_ flags: ExpressionFlags) throws(SyntaxError) -> Expression {
        var expression = try primaryExpression(flags)
        var links = 0
        defer { treeDepth -= links }
        while true {
            if Self.continuesMemberChain(current.kind) { try enterChainLink(&links) }
            switch current.kind {
            case .leftSquare:
                let open = advance()
                let isSafe = at(.question)
                if isSafe { advance() }
                let isFromEnd = at(.hat)
                if isFromEnd { advance() }
                if at(.rightSquare) { throw unexpected("an index expression; '[]' is empty") }
                let index = try self.expression(flags)
                _ = try expectClosing(.rightSquare, "']'", of: "index", openedAt: open)
                expression = Expression(
                    .index(base: expression, index: index, isSafe: isSafe, isFromEnd: isFromEnd), range: range(from: expression.range))
            case .dot:
                advance()
                let safeMarker: Token? = at(.question) ? advance() : nil
                let name = try identifier("a property or function name after '.'")
                if at(.leftParen) {
                    if let safeMarker {
                        throw SyntaxError.unexpected(
                            safeMarker, expected: "'.' before a function call ('.?' applies to properties only)", in: text)
                    }
                    let arguments = try callArguments()
                    let call = FunctionCall(base: expression, name: name, arguments: arguments, range: range(from: expression.range))
                    expression = Expression(.call(call), range: call.range)
                } else {
                    expression = Expression(
                        .property(base: expression, name: name, isSafe: safeMarker != nil), range: range(from: expression.range))
                }
            case .doubleColon:
                advance()
                let name = try identifier("a nested resource name after '::'")
                expression = Expression(.resourceAccess(base: expression, name: name), range: range(from: expression.range))
            case .exclamation:
                advance()
                expression = Expression(.nonNullAssertion(expression), range: range(from: expression.range))
            default:
                return expression
            }
        }
    }

    static func continuesMemberChain(_ kind: TokenKind) -> Bool {
        kind == .leftSquare || kind == .dot || kind == .doubleColon || kind == .exclamation
    }

    private mutating func primaryExpression(_ flags: ExpressionFlags) throws(SyntaxError) -> Expression {
        let token = current
        switch token.kind {
        case .integer:
            return Expression(.integer(try integerValue(token)), range: advance().range)
        case .trueKeyword:
            return Expression(.boolean(true), range: advance().range)
        case .falseKeyword:
            return Expression(.boolean(false), range: advance().range)
        case .nullKeyword:
            return Expression(.null, range: advance().range)
        case .stringComplete, .stringLeftPiece:
            let string = try stringLiteral()
            return Expression(.string(string), range: string.range)
        case .leftBrace where flags.contains(.allowComplexLiterals):
            let object = try objectLiteral(flags)
            return Expression(.object(object), range: object.range)
        case .leftSquare where flags.contains(.allowComplexLiterals):
            if peekSkippingNewlines(from: 1).keyword == .for && peekSkippingNewlines(from: 1).kind == .identifier {
                let loop = try forExpression(flags, isDeploymentBody: false)
                return Expression(.forLoop(loop), range: loop.range)
            }
            return try arrayLiteral()
        case .leftBrace, .leftSquare:
            throw unexpected("an expression; objects and arrays are not allowed inside string interpolation or here")
        case .leftParen:
            return try parenthesizedOrLambda(flags)
        case .identifier:
            let name = try identifier("a name")
            if at(.leftParen) {
                let arguments = try callArguments()
                let call = FunctionCall(base: nil, name: name, arguments: arguments, range: range(from: name.range))
                return Expression(.call(call), range: call.range)
            }
            if at(.arrow) {
                return try lambda(parameters: [name], start: name.range)
            }
            return Expression(.variable(name), range: name.range)
        default:
            throw unexpected("an expression")
        }
    }

    func integerValue(_ token: Token) throws(SyntaxError) -> UInt64 {
        var value: UInt64 = 0
        for offset in token.startOffset..<token.endOffset {
            let (product, overflowMultiply) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = product.addingReportingOverflow(UInt64(text[offset] - 0x30))
            if overflowMultiply || overflowAdd {
                throw SyntaxError(
                    code: .invalidInteger, range: token.range, found: text.describe(token),
                    message: "integer \(text.string(of: token)) is too large")
            }
            value = sum
        }
        return value
    }

    /// `( expression )`, or the parameter list of a lambda `(a, b) => body`.
    private mutating func parenthesizedOrLambda(_ flags: ExpressionFlags) throws(SyntaxError) -> Expression {
        let open = advance()
        if !atLineBeforeDeclaration() { skipNewlines() }
        var items: [Expression] = []
        while !at(.rightParen) && !at(.newLine) {
            items.append(try expression(flags))
            if atLineBeforeDeclaration() { break }
            skipNewlines()
            guard at(.comma) else { break }
            advance()
            skipNewlines()
        }
        _ = try expectClosing(.rightParen, "')'", of: "parenthesis", openedAt: open)
        if at(.arrow) {
            var parameters: [Identifier] = []
            for item in items {
                guard case .variable(let name) = item.kind else {
                    throw SyntaxError(
                        code: .unexpectedToken, range: item.range, expected: "a lambda parameter name",
                        message: "expected a lambda parameter name, found an expression")
                }
                parameters.append(name)
            }
            return try lambda(parameters: parameters, start: open.range)
        }
        guard items.count == 1 else {
            throw SyntaxError(
                code: .unexpectedToken, range: open.range.through(previous.range), expected: "one expression in parentheses",
                message: "expected exactly one expression in parentheses, found \(items.count)")
        }
        return Expression(.parenthesized(items[0]), range: open.range.through(previous.range))
    }

    /// The `=> body` part of a lambda; a line break may follow the arrow unless a declaration starts there.
    private mutating func lambda(parameters: [Identifier], start: SourceRange) throws(SyntaxError) -> Expression {
        advance()
        let next = peekSkippingNewlines()
        if !(next.kind == .identifier && next.keyword?.startsDeclaration == true) { skipNewlines() }
        let body = try expression(.allowComplexLiterals)
        let lambda = Lambda(parameters: parameters, body: body, range: start.through(body.range))
        return Expression(.lambda(lambda), range: lambda.range)
    }

    /// `( arguments )`, separated by commas; a line break may follow an argument only before `)` or after a comma.
    mutating func callArguments() throws(SyntaxError) -> [Expression] {
        let open = advance()
        var arguments: [Expression] = []
        if at(.rightParen) {
            advance()
            return arguments
        }
        skipNewlines()
        var expectingArgument = true
        while !at(.endOfFile) && !at(.rightParen) {
            if !expectingArgument {
                if atLineBeforeDeclaration() { break }
                if at(.newLine) {
                    let next = peekSkippingNewlines()
                    if next.kind == .endOfFile { break }
                    if next.kind != .rightParen { report(unexpected("',' between arguments")) }
                    skipNewlines()
                } else if at(.comma) {
                    advance()
                    skipNewlines()
                    if at(.rightParen) { report(unexpected("an argument after ','")) }
                } else {
                    report(unexpected("',' or ')' \(opened("call", at: open))"))
                }
                expectingArgument = true
                continue
            }
            let before = position
            let argument = try recovering(until: TokenSet(.newLine, .comma, .rightParen)) { parser throws(SyntaxError) in
                try parser.expression(.allowComplexLiterals)
            }
            arguments.append(argument ?? Expression(.invalid, range: tokens[before].range.through(previous.range)))
            if position == before { break }
            expectingArgument = false
        }
        _ = try expectClosing(.rightParen, "')'", of: "call", openedAt: open)
        return arguments
    }

    /// `[ items ]`: elements and `...spread`s.
    private mutating func arrayLiteral() throws(SyntaxError) -> Expression {
        try enterNesting()
        defer { leaveNesting() }
        let open = advance()
        let items = try separatedItems(closing: .rightSquare, describedAs: "array item") { parser throws(SyntaxError) in
            if parser.at(.ellipsis) { return ArrayItem.spread(try parser.spread()) }
            return ArrayItem.element(try parser.expression(.allowComplexLiterals))
        }
        _ = try expectClosing(.rightSquare, "']'", of: "array", openedAt: open)
        return Expression(.array(items), range: open.range.through(previous.range))
    }

    mutating func spread() throws(SyntaxError) -> Spread {
        let ellipsis = advance()
        let expression = try expression(.allowComplexLiterals)
        return Spread(expression: expression, range: ellipsis.range.through(expression.range))
    }

    /// `{ items }`: `key: value` properties, `...spread`s and, in a resource body, nested resources.
    mutating func objectLiteral(_ flags: ExpressionFlags) throws(SyntaxError) -> ObjectLiteral {
        try enterNesting()
        defer { leaveNesting() }
        let open = try expect(.leftBrace, "'{'")
        let items = try separatedItems(
            closing: .rightBrace, describedAs: "property", allowsDecorations: flags.contains(.allowResourceDeclarations)
        ) { parser throws(SyntaxError) in
            try parser.objectItem(flags)
        }
        _ = try expectClosing(.rightBrace, "'}'", of: "object", openedAt: open)
        return ObjectLiteral(items: items, range: open.range.through(previous.range))
    }

    private mutating func objectItem(_ flags: ExpressionFlags) throws(SyntaxError) -> ObjectItem {
        if flags.contains(.allowResourceDeclarations)
            && (at(.at) || (at(.resource) && peek().kind == .identifier))
        {
            return .resource(try declaration(onlyResources: true))
        }
        if at(.ellipsis) { return .spread(try spread()) }
        let key: PropertyKey
        switch current.kind {
        case .identifier: key = .identifier(try identifier("a property name"))
        case .stringComplete, .stringLeftPiece: key = .string(try stringLiteral())
        default: throw unexpected("a property name")
        }
        _ = try expect(.colon, "':' after the property name")
        let value = try expression(.allowComplexLiterals)
        return .property(ObjectProperty(key: key, value: value, range: key.range.through(value.range)))
    }

    /// `[for item in source: body]` or `[for (item, index) in source: body]`. In a resource or module body the loop
    /// body is an object or `if (condition) { ... }`.
    mutating func forExpression(_ flags: ExpressionFlags, isDeploymentBody: Bool) throws(SyntaxError) -> ForExpression {
        try enterNesting()
        defer { leaveNesting() }
        let open = advance()
        skipNewlines()
        _ = try expect(.for)
        let item: Identifier
        var index: Identifier?
        switch current.kind {
        case .identifier:
            item = try identifier("a loop variable")
        case .leftParen:
            let variablesOpen = advance()
            item = try identifier("the item variable of '(item, index)'")
            _ = try expect(.comma, "',' and the index variable of '(item, index)'")
            index = try identifier("the index variable of '(item, index)'")
            _ = try expectClosing(.rightParen, "')'", of: "loop variable block", openedAt: variablesOpen)
        default:
            throw unexpected("a loop variable or '(item, index)' after 'for'")
        }
        _ = try expect(.in)
        let source = try expression(.allowComplexLiterals)
        _ = try expect(.colon, "':' after the loop source")
        var condition: Expression?
        let body: Expression
        if isDeploymentBody {
            if at(.if) {
                let conditional = try ifCondition(flags)
                condition = conditional.condition
                body = Expression(.object(conditional.body), range: conditional.body.range)
            } else if at(.leftBrace) {
                let object = try objectLiteral(flags)
                body = Expression(.object(object), range: object.range)
            } else {
                throw unexpected("'{' or 'if' for the loop body")
            }
        } else {
            body = try expression(flags.union(.allowComplexLiterals))
        }
        skipNewlines()
        _ = try expectClosing(.rightSquare, "']'", of: "for-expression", openedAt: open)
        return ForExpression(
            item: item, index: index, source: source, condition: condition, body: body, range: open.range.through(previous.range))
    }

    /// `if (condition) { ... }` for a resource or module.
    mutating func ifCondition(_ flags: ExpressionFlags) throws(SyntaxError) -> (condition: Expression, body: ObjectLiteral) {
        _ = try expect(.if)
        guard at(.leftParen) else { throw unexpected("'(' after 'if'") }
        let open = advance()
        skipNewlines()
        let inner = try expression(flags.subtracting(.allowResourceDeclarations))
        skipNewlines()
        _ = try expectClosing(.rightParen, "')'", of: "condition", openedAt: open)
        let condition = Expression(.parenthesized(inner), range: open.range.through(previous.range))
        guard at(.leftBrace) else { throw unexpected("'{' for the body after the condition") }
        let body = try objectLiteral(flags)
        return (condition, body)
    }
}
