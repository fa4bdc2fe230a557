extension Parser {
    /// `Expression = Conditional | Operation | ExprTerm`, the conditional binding loosest.
    mutating func expression() throws(HCLSyntaxError) -> HCLExpression {
        try enter()
        defer { leave() }
        let condition = try binary(minimumPrecedence: 1)
        guard at(.question) else { return condition }
        advance()
        skipNewlines()
        let whenTrue = try expression()
        if newlinesMatter.last == true { skipNewlines() }
        _ = try expect(.colon, "':' between the results of the conditional")
        skipNewlines()
        let whenFalse = try expression()
        return HCLExpression(
            .conditional(condition, whenTrue, whenFalse), range: condition.range.through(whenFalse.range))
    }

    /// Binary operators by precedence climbing; every level is left-associative.
    private mutating func binary(minimumPrecedence: Int) throws(HCLSyntaxError) -> HCLExpression {
        var left = try unary()
        while let op = binaryOperator(current.kind), op.precedence >= minimumPrecedence {
            advance()
            skipNewlines()
            try enter()
            let right = try binary(minimumPrecedence: op.precedence + 1)
            leave()
            left = HCLExpression(.binary(op, left, right), range: left.range.through(right.range))
        }
        return left
    }

    private func binaryOperator(_ kind: TokenKind) -> HCLBinaryOperator? {
        switch kind {
        case .orOr: .or
        case .andAnd: .and
        case .equalEqual: .equal
        case .bangEqual: .notEqual
        case .greater: .greater
        case .greaterEqual: .greaterOrEqual
        case .less: .less
        case .lessEqual: .lessOrEqual
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        default: nil
        }
    }

    /// `!x` and `-x` bind tighter than any binary operator.
    private mutating func unary() throws(HCLSyntaxError) -> HCLExpression {
        let op: HCLUnaryOperator
        switch current.kind {
        case .bang: op = .not
        case .minus: op = .negate
        default: return try traversals(of: try term())
        }
        let token = advance()
        try enter()
        defer { leave() }
        let operand = try unary()
        return HCLExpression(.unary(op, operand), range: text.range(token.start, operand.range.endOffset))
    }

    /// An expression term before any traversal.
    private mutating func term() throws(HCLSyntaxError) -> HCLExpression {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return HCLExpression(.number(text.string(of: token)), range: text.range(of: token))
        case .identifier:
            let next = peek(1).kind
            if next == .leftParen || next == .doubleColon { return try functionCall() }
            advance()
            let name = text.string(of: token)
            let kind: HCLExpression.Kind =
                switch name {
                case "true": .bool(true)
                case "false": .bool(false)
                case "null": .null
                default: .variable(name)
                }
            return HCLExpression(kind, range: text.range(of: token))
        case .openQuote:
            return try quotedTemplate()
        case .heredocOpen:
            return try heredocTemplate()
        case .leftParen:
            advance()
            pushNewlines(false)
            let inner = try expression()
            _ = try expectClosing(.rightParen, "')' to close the '('", openedBy: token)
            popNewlines()
            return HCLExpression(.parenthesized(inner), range: range(from: token.start))
        case .leftBracket:
            return try tuple()
        case .leftBrace:
            return try object()
        default:
            throw unexpected("an expression")
        }
    }

    /// `name(arguments)` or `provider::namespace::name(arguments)`, with `...` after the last argument.
    private mutating func functionCall() throws(HCLSyntaxError) -> HCLExpression {
        let first = advance()
        var name = [text.string(of: first)]
        while at(.doubleColon) {
            advance()
            name.append(text.string(of: try expect(.identifier, "a function name after '::'")))
        }
        let open = try expect(.leftParen, "'(' to call the function '\(name.joined(separator: "::"))'")
        pushNewlines(false)
        var arguments: [HCLExpression] = []
        var expands = false
        while !at(.rightParen) {
            arguments.append(try expression())
            if at(.ellipsis) {
                advance()
                expands = true
                if at(.comma) { advance() }
                break
            }
            guard at(.comma) else { break }
            advance()
        }
        _ = try expectClosing(.rightParen, "',' or ')' to close the call", openedBy: open)
        popNewlines()
        return HCLExpression(
            .functionCall(name: name, arguments: arguments, expandsFinalArgument: expands), range: range(from: first.start))
    }

    /// `[a, b]` or `[for ...]`.
    private mutating func tuple() throws(HCLSyntaxError) -> HCLExpression {
        let open = advance()
        pushNewlines(false)
        defer { popNewlines() }
        if startsForExpression() { return try forExpression(open: open, isObject: false) }
        var elements: [HCLExpression] = []
        while !at(.rightBracket) {
            elements.append(try expression())
            guard at(.comma) else { break }
            advance()
        }
        _ = try expectClosing(.rightBracket, "',' or ']' to close the tuple", openedBy: open)
        return HCLExpression(.tuple(elements), range: range(from: open.start))
    }

    /// `for` followed by a variable name, after `[` or `{`.
    private func startsForExpression() -> Bool {
        var index = position
        while tokens[index].kind == .newline { index += 1 }
        let token = tokens[index]
        guard token.kind == .identifier, text.string(of: token) == "for" else { return false }
        var next = index + 1
        while tokens[next].kind == .newline { next += 1 }
        return tokens[next].kind == .identifier
    }

    /// `{ key = value, ... }` (items separated by commas or line breaks; keys are names, strings or expressions) or
    /// `{for ...}`.
    private mutating func object() throws(HCLSyntaxError) -> HCLExpression {
        let open = advance()
        if startsForExpression() {
            pushNewlines(false)
            defer { popNewlines() }
            return try forExpression(open: open, isObject: true)
        }
        pushNewlines(true)
        defer { popNewlines() }
        var items: [HCLObjectItem] = []
        while true {
            skipNewlines()
            if at(.rightBrace) { break }
            let keyToken = current
            let isBare = keyToken.kind == .identifier && (peek(1).kind == .equals || peek(1).kind == .colon)
            let key: HCLExpression
            if isBare {
                advance()
                key = HCLExpression(.variable(text.string(of: keyToken)), range: text.range(of: keyToken))
            } else {
                key = try expression()
            }
            guard at(.equals) || at(.colon) else { throw unexpected("'=' or ':' after the object key") }
            advance()
            let value = try expression()
            items.append(HCLObjectItem(key: key, keyIsBareIdentifier: isBare, value: value))
            if at(.comma) || at(.newline) {
                advance()
            } else if !at(.rightBrace) {
                throw unexpected("',', a line break or '}' after the object item")
            }
        }
        _ = try expectClosing(.rightBrace, "'}' to close the object", openedBy: open)
        return HCLExpression(.object(items), range: range(from: open.start))
    }

    /// `[key,] value in`, after `for` in an expression or a template directive: the variables, `in` read. `what`
    /// names them in the error ("the for expression's variables").
    mutating func forVariables(named what: String) throws(HCLSyntaxError) -> (key: HCLIdentifier?, value: HCLIdentifier) {
        let first = try variableName()
        var key: HCLIdentifier?
        var value = first
        if at(.comma) {
            advance()
            key = first
            value = try variableName()
        }
        guard at(keyword: "in") else { throw unexpected("'in' after \(what)") }
        advance()
        return (key, value)
    }

    /// `for k, v in collection : [key =>] value [...] [if condition]`, then the closing bracket; the opening bracket
    /// is read and line breaks do not matter.
    private mutating func forExpression(open: Token, isObject: Bool) throws(HCLSyntaxError) -> HCLExpression {
        advance()  // for
        let (keyVariable, valueVariable) = try forVariables(named: "the for expression's variables")
        let collection = try expression()
        _ = try expect(.colon, "':' after the for expression's collection")
        var key: HCLExpression?
        if isObject {
            key = try expression()
            _ = try expect(.fatArrow, "'=>' between the key and the value of an object for expression")
        }
        let value = try expression()
        var isGrouping = false
        if isObject && at(.ellipsis) {
            advance()
            isGrouping = true
        }
        var condition: HCLExpression?
        if at(keyword: "if") {
            advance()
            condition = try expression()
        }
        let closer: TokenKind = isObject ? .rightBrace : .rightBracket
        _ = try expectClosing(closer, isObject ? "'}' to close the for expression" : "']' to close the for expression", openedBy: open)
        let forExpression = HCLForExpression(
            keyVariable: keyVariable, valueVariable: valueVariable, collection: collection, key: key, value: value,
            condition: condition, isGrouping: isGrouping)
        return HCLExpression(.forExpression(forExpression), range: range(from: open.start))
    }

    mutating func variableName() throws(HCLSyntaxError) -> HCLIdentifier {
        let token = try expect(.identifier, "a variable name")
        return HCLIdentifier(text.string(of: token), range: text.range(of: token))
    }
}
