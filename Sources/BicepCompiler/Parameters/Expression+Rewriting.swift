import BicepSyntax

extension Expression {
    /// The expression with every function call that `transform` answers for replaced by its answer, innermost calls
    /// first (a call's arguments are rewritten before the call itself is offered). Calls `transform` returns nil for
    /// are kept, with their arguments rewritten.
    func rewritingCalls<Failure: Error>(_ transform: (FunctionCall, SourceRange) throws(Failure) -> Expression?) throws(Failure)
        -> Expression
    {
        func rewrite(_ expression: Expression) throws(Failure) -> Expression {
            try expression.rewritingCalls(transform)
        }
        func rewrite(_ literal: StringLiteral) throws(Failure) -> StringLiteral {
            var copy = literal
            var holes: [Expression] = []
            for hole in literal.interpolations { holes.append(try rewrite(hole)) }
            copy.interpolations = holes
            return copy
        }
        var kind = self.kind
        switch self.kind {
        case .integer, .boolean, .null, .variable, .invalid: return self
        case .string(let literal): kind = .string(try rewrite(literal))
        case .call(var call):
            if let base = call.base { call.base = try rewrite(base) }
            var arguments: [Expression] = []
            for argument in call.arguments { arguments.append(try rewrite(argument)) }
            call.arguments = arguments
            if let replaced = try transform(call, range) { return replaced }
            kind = .call(call)
        case .property(let base, let name, let isSafe): kind = .property(base: try rewrite(base), name: name, isSafe: isSafe)
        case .index(let base, let index, let isSafe, let isFromEnd):
            kind = .index(base: try rewrite(base), index: try rewrite(index), isSafe: isSafe, isFromEnd: isFromEnd)
        case .resourceAccess(let base, let name): kind = .resourceAccess(base: try rewrite(base), name: name)
        case .nonNullAssertion(let inner): kind = .nonNullAssertion(try rewrite(inner))
        case .parenthesized(let inner): kind = .parenthesized(try rewrite(inner))
        case .unary(let op, let operand): kind = .unary(op, try rewrite(operand))
        case .binary(let op, let left, let right): kind = .binary(op, try rewrite(left), try rewrite(right))
        case .ternary(let condition, let then, let otherwise):
            kind = .ternary(condition: try rewrite(condition), then: try rewrite(then), else: try rewrite(otherwise))
        case .lambda(var lambda):
            lambda.body = try rewrite(lambda.body)
            kind = .lambda(lambda)
        case .array(let items):
            var rewritten: [ArrayItem] = []
            for item in items {
                switch item {
                case .element(let element): rewritten.append(.element(try rewrite(element)))
                case .spread(var spread):
                    spread.expression = try rewrite(spread.expression)
                    rewritten.append(.spread(spread))
                }
            }
            kind = .array(rewritten)
        case .object(var object):
            var items: [ObjectItem] = []
            for item in object.items {
                switch item {
                case .property(var property):
                    if case .string(let literal) = property.key { property.key = .string(try rewrite(literal)) }
                    property.value = try rewrite(property.value)
                    items.append(.property(property))
                case .spread(var spread):
                    spread.expression = try rewrite(spread.expression)
                    items.append(.spread(spread))
                case .resource: items.append(item)
                }
            }
            object.items = items
            kind = .object(object)
        case .forLoop(var loop):
            loop.source = try rewrite(loop.source)
            if let condition = loop.condition { loop.condition = try rewrite(condition) }
            loop.body = try rewrite(loop.body)
            kind = .forLoop(loop)
        }
        return Expression(kind, range: range)
    }
}
