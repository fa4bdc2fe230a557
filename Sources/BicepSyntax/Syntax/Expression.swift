/// A name as written: a declaration's symbol, a variable, a property or function name.
public struct Identifier: Sendable, Hashable {
    public var name: String
    public var range: SourceRange

    public init(_ name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A string literal: `'...'` with escapes and `${...}` holes, or a `'''` multi-line string. `segments` are the
/// decoded texts around the holes, so there is always one more segment than there are interpolations.
public struct StringLiteral: Sendable, Hashable {
    public var segments: [String]
    public var interpolations: [Expression]
    /// Written with `'''` (no escapes; holes only in `$'''` strings).
    public var isMultiLine: Bool
    public var range: SourceRange

    public init(segments: [String], interpolations: [Expression], isMultiLine: Bool, range: SourceRange) {
        self.segments = segments
        self.interpolations = interpolations
        self.isMultiLine = isMultiLine
        self.range = range
    }

    /// The text, when the string has no holes.
    public var value: String? { interpolations.isEmpty ? segments.first : nil }
}

/// A Bicep expression and where it is written.
public struct Expression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case integer(UInt64)
        case boolean(Bool)
        case null
        case string(StringLiteral)
        /// A symbol: a parameter, variable, resource, module, loop variable or namespace (`az`, `sys`).
        case variable(Identifier)
        /// `f(x)`, `sys.concat(x)`, `storage.listKeys()`: a call, with the expression before the dot if any.
        case call(FunctionCall)
        /// `base.name`, or `base.?name` when `isSafe`.
        case property(base: Expression, name: Identifier, isSafe: Bool)
        /// `base[index]`; `base[?index]` when `isSafe`; `base[^index]` when `isFromEnd`.
        case index(base: Expression, index: Expression, isSafe: Bool, isFromEnd: Bool)
        /// `parent::child`: a nested resource of a resource.
        case resourceAccess(base: Expression, name: Identifier)
        /// `value!`: the non-null assertion.
        case nonNullAssertion(Expression)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        case ternary(condition: Expression, then: Expression, else: Expression)
        case lambda(Lambda)
        case array([ArrayItem])
        case object(ObjectLiteral)
        case forLoop(ForExpression)
        case parenthesized(Expression)
        /// What stands in for an expression that could not be parsed (the error is reported).
        case invalid
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "!"
    case minus = "-"
}

/// Binary operators, loosest first: `??`, `||`, `&&`, equality, comparison, `+ -`, `* / %`.
public enum BinaryOperator: String, Sendable, Hashable {
    case coalesce = "??"
    case logicalOr = "||"
    case logicalAnd = "&&"
    case equals = "=="
    case notEquals = "!="
    case equalsInsensitive = "=~"
    case notEqualsInsensitive = "!~"
    case lessThan = "<"
    case lessThanOrEqual = "<="
    case greaterThan = ">"
    case greaterThanOrEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"

    /// How tightly the operator binds, as the compiler ranks them (higher binds tighter).
    public var precedence: Int {
        switch self {
        case .multiply, .divide, .modulo: 100
        case .add, .subtract: 90
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual: 80
        case .equals, .notEquals, .equalsInsensitive, .notEqualsInsensitive: 70
        case .logicalAnd: 50
        case .logicalOr: 40
        case .coalesce: 30
        }
    }
}

/// A function call: `name(arguments)`, or `base.name(arguments)` for namespaced (`az.resourceGroup()`) and
/// instance (`storage.listKeys()`) calls.
public struct FunctionCall: Sendable, Hashable {
    public var base: Expression?
    public var name: Identifier
    public var arguments: [Expression]
    public var range: SourceRange

    public init(base: Expression?, name: Identifier, arguments: [Expression], range: SourceRange) {
        self.base = base
        self.name = name
        self.arguments = arguments
        self.range = range
    }

    /// The namespace when the call is written `namespace.name(...)` on a bare name (`sys`, `az`, an import alias).
    public var namespace: String? {
        if case .variable(let identifier)? = base?.kind { return identifier.name }
        return nil
    }
}

/// `x => body`, `(a, b) => body` or `() => body`.
public struct Lambda: Sendable, Hashable {
    public var parameters: [Identifier]
    public var body: Expression
    public var range: SourceRange

    public init(parameters: [Identifier], body: Expression, range: SourceRange) {
        self.parameters = parameters
        self.body = body
        self.range = range
    }
}

/// `...expression` in an array or object.
public struct Spread: Sendable, Hashable {
    public var expression: Expression
    public var range: SourceRange

    public init(expression: Expression, range: SourceRange) {
        self.expression = expression
        self.range = range
    }
}

/// One item of an array literal.
public enum ArrayItem: Sendable, Hashable {
    case element(Expression)
    case spread(Spread)

    public var range: SourceRange {
        switch self {
        case .element(let expression): expression.range
        case .spread(let spread): spread.range
        }
    }
}

/// `{ ... }`: properties, spreads and, in a resource body, nested resource declarations.
public struct ObjectLiteral: Sendable, Hashable {
    public var items: [ObjectItem]
    public var range: SourceRange

    public init(items: [ObjectItem], range: SourceRange) {
        self.items = items
        self.range = range
    }

    /// The properties, in order, without spreads and nested resources.
    public var properties: [ObjectProperty] {
        items.compactMap { if case .property(let property) = $0 { property } else { nil } }
    }

    /// The first property whose key is `name` (keys compare exactly, as Bicep does).
    public subscript(property name: String) -> ObjectProperty? {
        properties.first { $0.key.name == name }
    }
}

public enum ObjectItem: Sendable, Hashable {
    case property(ObjectProperty)
    case spread(Spread)
    /// A child resource declared inside a resource body.
    case resource(Declaration)
}

/// `key: value`.
public struct ObjectProperty: Sendable, Hashable {
    public var key: PropertyKey
    public var value: Expression
    public var range: SourceRange

    public init(key: PropertyKey, value: Expression, range: SourceRange) {
        self.key = key
        self.value = value
        self.range = range
    }
}

/// An object key: a bare name or a string (`'my-key'`, which may even be interpolated).
public enum PropertyKey: Sendable, Hashable {
    case identifier(Identifier)
    case string(StringLiteral)

    /// The key's text, if it has no holes.
    public var name: String? {
        switch self {
        case .identifier(let identifier): identifier.name
        case .string(let string): string.value
        }
    }

    public var range: SourceRange {
        switch self {
        case .identifier(let identifier): identifier.range
        case .string(let string): string.range
        }
    }
}

/// `[for item in source: body]`, `[for (item, index) in source: body]`, and for resources and modules
/// `[for item in source: if (condition) { ... }]`.
public struct ForExpression: Sendable, Hashable {
    public var item: Identifier
    public var index: Identifier?
    public var source: Expression
    /// The filter of a resource or module loop: `if (condition)` before the body.
    public var condition: Expression?
    public var body: Expression
    public var range: SourceRange

    public init(
        item: Identifier, index: Identifier?, source: Expression, condition: Expression?, body: Expression, range: SourceRange
    ) {
        self.item = item
        self.index = index
        self.source = source
        self.condition = condition
        self.body = body
        self.range = range
    }
}
