/// A type as written after `param x`, `output x`, `var x`, `type x =`, in a function signature or inside another type.
public struct TypeExpression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// `string`, `int`, `object`, a declared or imported type name.
        case name(Identifier)
        /// A literal type: `'a'`, `1`, `true`, `null`.
        case string(StringLiteral)
        case integer(UInt64)
        case boolean(Bool)
        case null
        /// `-1` or `!true` in a type.
        case unary(UnaryOperator, TypeExpression)
        /// `'a' | 'b' | 'c'`.
        case union([TypeExpression])
        /// `T[]`.
        case array(TypeExpression)
        /// `[string, int]`.
        case tuple([TupleTypeItem])
        /// `{ name: string, *: int }`.
        case object([ObjectTypeMember])
        /// `T?`.
        case nullable(TypeExpression)
        /// `T!`.
        case nonNullable(TypeExpression)
        case parenthesized(TypeExpression)
        /// `resourceInput<'Type@version'>`, or `base.name<...>` (`sys.resourceOutput<...>`).
        case parameterized(base: TypeExpression?, name: Identifier, arguments: [TypeExpression])
        /// `base.name`: a property of a type (`resourceInput<'T@v'>.properties.sku`).
        case property(base: TypeExpression, name: Identifier)
        /// `base.*`: the type of an object type's additional properties.
        case additionalProperties(TypeExpression)
        /// `base[*]`: the item type of an array type.
        case items(TypeExpression)
        /// `base[0]`: one element of a tuple type.
        case index(base: TypeExpression, index: Expression)
        /// `resource 'Type@version'` for parameters and outputs; an output may leave the type string out.
        case resource(StringLiteral?)
        /// What stands in for a type that could not be parsed (the error is reported).
        case invalid
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// One element of a tuple type, with its decorators.
public struct TupleTypeItem: Sendable, Hashable {
    public var decorators: [Decorator]
    public var type: TypeExpression
    public var range: SourceRange

    public init(decorators: [Decorator], type: TypeExpression, range: SourceRange) {
        self.decorators = decorators
        self.type = type
        self.range = range
    }
}

/// One member of an object type: `name: T`, `'quoted-name': T` or `*: T`, with its decorators.
public struct ObjectTypeMember: Sendable, Hashable {
    public enum Key: Sendable, Hashable {
        case identifier(Identifier)
        case string(StringLiteral)
        /// `*`: every property not named.
        case additionalProperties(SourceRange)
    }

    public var decorators: [Decorator]
    public var key: Key
    public var type: TypeExpression
    public var range: SourceRange

    public init(decorators: [Decorator], key: Key, type: TypeExpression, range: SourceRange) {
        self.decorators = decorators
        self.key = key
        self.type = type
        self.range = range
    }

    /// The member's name; nil for `*` and interpolated keys.
    public var name: String? {
        switch key {
        case .identifier(let identifier): identifier.name
        case .string(let string): string.value
        case .additionalProperties: nil
        }
    }
}

/// `@name`, `@name(arguments)` or `@namespace.name(arguments)` before a declaration, type member or tuple item.
public struct Decorator: Sendable, Hashable {
    /// The decorator as an expression: a call, a variable or a property access.
    public var expression: Expression
    /// From `@` to the end of the expression.
    public var range: SourceRange

    public init(expression: Expression, range: SourceRange) {
        self.expression = expression
        self.range = range
    }

    /// The decorator's name (`description` for `@sys.description('...')`).
    public var name: String? {
        switch expression.kind {
        case .call(let call): call.name.name
        case .variable(let identifier): identifier.name
        case .property(_, let name, _): name.name
        default: nil
        }
    }

    /// The namespace when written `@namespace.name` (`sys`).
    public var namespace: String? {
        switch expression.kind {
        case .call(let call): call.namespace
        case .property(let base, _, _): if case .variable(let identifier) = base.kind { identifier.name } else { nil }
        default: nil
        }
    }

    /// The arguments, empty when the decorator is not called.
    public var arguments: [Expression] {
        if case .call(let call) = expression.kind { return call.arguments }
        return []
    }
}
