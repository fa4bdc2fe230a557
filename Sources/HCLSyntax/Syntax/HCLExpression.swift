/// An HCL expression with its source range. Operators keep the spec's precedence in the tree's shape.
public struct HCLExpression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// A number literal as written (`1`, `2.5`, `1e3`): HCL numbers are arbitrary-precision, so the text is kept.
        case number(String)
        case bool(Bool)
        case null
        /// A quoted string or heredoc: literal text, interpolations and directives.
        case template(HCLTemplate)
        /// A bare name: `var`, `local`, `each`.
        case variable(String)
        /// `name(arguments)`; `name` holds every `::`-separated part (`["provider", "ns", "fn"]`). `expandsFinalArgument`
        /// is true when the last argument is followed by `...`.
        case functionCall(name: [String], arguments: [HCLExpression], expandsFinalArgument: Bool)
        /// `[a, b]`.
        case tuple([HCLExpression])
        /// `{ key = value, ... }`.
        case object([HCLObjectItem])
        case unary(HCLUnaryOperator, HCLExpression)
        case binary(HCLBinaryOperator, HCLExpression, HCLExpression)
        /// `condition ? whenTrue : whenFalse`.
        case conditional(HCLExpression, HCLExpression, HCLExpression)
        /// `collection[key]`, or the legacy `collection.0` (`isLegacy`).
        case index(HCLExpression, key: HCLExpression, isLegacy: Bool)
        /// `object.name`.
        case attributeAccess(HCLExpression, name: String)
        /// `source.*.rest` (attribute-only splat) or `source[*].rest` (full splat): `each` is applied to every element and
        /// refers to the element as ``splatItem``.
        case splat(HCLExpression, isFull: Bool, each: HCLExpression)
        /// The element a splat's `each` expression is applied to.
        case splatItem
        /// `[for ...]` or `{for ...}`.
        case forExpression(HCLForExpression)
        /// `(expression)`: kept, because an object key in parentheses is always an expression.
        case parenthesized(HCLExpression)
        /// A part that could not be parsed (an error was reported); it stands in so that the rest of the tree is kept.
        case invalid
    }

    public var kind: Kind
    public var range: HCLSourceRange

    public init(_ kind: Kind, range: HCLSourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum HCLUnaryOperator: String, Sendable, Hashable {
    case not = "!"
    case negate = "-"
}

public enum HCLBinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"

    /// The spec's precedence level: higher binds tighter (`||` is 1, `*` `/` `%` are 6). All are left-associative.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual: 3
        case .greater, .greaterOrEqual, .less, .lessOrEqual: 4
        case .add, .subtract: 5
        case .multiply, .divide, .modulo: 6
        }
    }
}

/// One `key = value` (or `key: value`) of an object constructor.
public struct HCLObjectItem: Sendable, Hashable {
    /// The key: a bare identifier is `.variable(name)` with `keyIsBareIdentifier` set (it means the literal name);
    /// strings and parenthesised expressions are evaluated.
    public var key: HCLExpression
    public var keyIsBareIdentifier: Bool
    public var value: HCLExpression

    public init(key: HCLExpression, keyIsBareIdentifier: Bool, value: HCLExpression) {
        self.key = key
        self.keyIsBareIdentifier = keyIsBareIdentifier
        self.value = value
    }
}

/// `[for k, v in collection : value if condition]` or `{for k, v in collection : key => value... if condition}`.
public struct HCLForExpression: Sendable, Hashable {
    public var keyVariable: HCLIdentifier?
    public var valueVariable: HCLIdentifier
    public var collection: HCLExpression
    /// The key expression of the object form; nil for the tuple form.
    public var key: HCLExpression?
    public var value: HCLExpression
    public var condition: HCLExpression?
    /// `...` after the value of the object form: values with the same key are grouped into tuples.
    public var isGrouping: Bool

    public init(
        keyVariable: HCLIdentifier?, valueVariable: HCLIdentifier, collection: HCLExpression, key: HCLExpression?,
        value: HCLExpression, condition: HCLExpression?, isGrouping: Bool
    ) {
        self.keyVariable = keyVariable
        self.valueVariable = valueVariable
        self.collection = collection
        self.key = key
        self.value = value
        self.condition = condition
        self.isGrouping = isGrouping
    }

    /// Whether this is the object form (`{for ...}`).
    public var isObject: Bool { key != nil }
}
