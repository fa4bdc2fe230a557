/// A top-level statement of a `.bicep` or `.bicepparam` file (or a child resource inside a resource body), with the
/// decorators written above it.
public struct Declaration: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `targetScope = 'subscription'`.
        case targetScope(Expression)
        /// `metadata name = value`.
        case metadata(name: Identifier, value: Expression)
        /// `param name type [= default]` in a `.bicep` file.
        case parameter(ParameterDeclaration)
        /// `param name = value` in a `.bicepparam` file.
        case parameterAssignment(name: Identifier, value: Expression)
        /// `var name [type] = value`.
        case variable(VariableDeclaration)
        /// `type name = type`.
        case type(name: Identifier, type: TypeExpression)
        /// `func name(a type, ...) returnType => body`.
        case function(FunctionDeclaration)
        case resource(ResourceDeclaration)
        case module(ModuleDeclaration)
        /// `output name type = value`.
        case output(OutputDeclaration)
        /// `import { a, b as c } from '...'` or `import * as ns from '...'`.
        case compileTimeImport(CompileTimeImport)
        /// `extension name`, `extension 'spec' with {...} as alias`, or the older `import 'az@1.0.0'`.
        case `extension`(ExtensionDeclaration)
        /// `extensionConfig alias with { ... }` in a `.bicepparam` file.
        case extensionConfig(alias: Identifier, config: ObjectLiteral)
        /// `using 'main.bicep' [with {...}]` or `using none` in a `.bicepparam` file.
        case using(UsingDeclaration)
        /// `extends 'base.bicepparam'` in a `.bicepparam` file.
        case extends(StringLiteral)
        /// `test name 'path' = { ... }` (experimental).
        case test(name: Identifier, path: StringLiteral, body: ObjectLiteral)
        /// `assert name = condition` (experimental).
        case assert(name: Identifier, condition: Expression)
    }

    public var decorators: [Decorator]
    public var kind: Kind
    /// From the first decorator (or the keyword) to the end of the declaration.
    public var range: SourceRange

    public init(decorators: [Decorator], kind: Kind, range: SourceRange) {
        self.decorators = decorators
        self.kind = kind
        self.range = range
    }

    /// The symbol the declaration introduces, if it has one.
    public var name: Identifier? {
        switch kind {
        case .metadata(let name, _), .parameterAssignment(let name, _), .type(let name, _), .test(let name, _, _),
            .assert(let name, _):
            name
        case .parameter(let parameter): parameter.name
        case .variable(let variable): variable.name
        case .function(let function): function.name
        case .resource(let resource): resource.name
        case .module(let module): module.name
        case .output(let output): output.name
        case .extension(let declaration): declaration.alias
        case .extensionConfig(let alias, _): alias
        case .targetScope, .compileTimeImport, .using, .extends: nil
        }
    }
}

public struct ParameterDeclaration: Sendable, Hashable {
    public var name: Identifier
    public var type: TypeExpression
    public var defaultValue: Expression?

    public init(name: Identifier, type: TypeExpression, defaultValue: Expression?) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

public struct VariableDeclaration: Sendable, Hashable {
    public var name: Identifier
    public var type: TypeExpression?
    public var value: Expression

    public init(name: Identifier, type: TypeExpression?, value: Expression) {
        self.name = name
        self.type = type
        self.value = value
    }
}

public struct OutputDeclaration: Sendable, Hashable {
    public var name: Identifier
    public var type: TypeExpression
    public var value: Expression

    public init(name: Identifier, type: TypeExpression, value: Expression) {
        self.name = name
        self.type = type
        self.value = value
    }
}

/// `func name(a string, b int) string => body`.
public struct FunctionDeclaration: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        public var name: Identifier
        public var type: TypeExpression

        public init(name: Identifier, type: TypeExpression) {
            self.name = name
            self.type = type
        }
    }

    public var name: Identifier
    public var parameters: [Parameter]
    public var returnType: TypeExpression
    public var body: Expression

    public init(name: Identifier, parameters: [Parameter], returnType: TypeExpression, body: Expression) {
        self.name = name
        self.parameters = parameters
        self.returnType = returnType
        self.body = body
    }
}

/// What follows `=` in a resource or module declaration.
public enum DeploymentBody: Sendable, Hashable {
    /// `{ ... }`.
    case object(ObjectLiteral)
    /// `if (condition) { ... }`.
    case conditional(condition: Expression, body: ObjectLiteral)
    /// `[for ... : { ... }]` or `[for ... : if (condition) { ... }]`; the body is an object expression.
    case loop(ForExpression)

    public var range: SourceRange {
        switch self {
        case .object(let object): object.range
        case .conditional(let condition, let body): condition.range.through(body.range)
        case .loop(let loop): loop.range
        }
    }

    /// The object literal that describes one deployed instance (inside the condition or loop).
    public var object: ObjectLiteral? {
        switch self {
        case .object(let object), .conditional(_, let object): object
        case .loop(let loop): if case .object(let object) = loop.body.kind { object } else { nil }
        }
    }
}

/// `resource name 'Type@version' [existing] = body`.
public struct ResourceDeclaration: Sendable, Hashable {
    public var name: Identifier
    /// `'Microsoft.Storage/storageAccounts@2023-01-01'`, or for a child declared inside its parent `'containers'`.
    public var type: StringLiteral
    public var isExisting: Bool
    public var body: DeploymentBody

    public init(name: Identifier, type: StringLiteral, isExisting: Bool, body: DeploymentBody) {
        self.name = name
        self.type = type
        self.isExisting = isExisting
        self.body = body
    }
}

/// `module name 'path' = body`; the path is a relative file, `br:registry/path:tag`, `br/alias:path:tag` or `ts:...`.
public struct ModuleDeclaration: Sendable, Hashable {
    public var name: Identifier
    public var path: StringLiteral
    public var body: DeploymentBody

    public init(name: Identifier, path: StringLiteral, body: DeploymentBody) {
        self.name = name
        self.path = path
        self.body = body
    }
}

/// `import { a, b as c } from 'path'` or `import * as ns from 'path'`.
public struct CompileTimeImport: Sendable, Hashable {
    /// One imported symbol: its exported name (an identifier, or a string for names that are not identifiers)
    /// and the local alias.
    public struct Symbol: Sendable, Hashable {
        public var name: PropertyKey
        public var alias: Identifier?
        public var range: SourceRange

        public init(name: PropertyKey, alias: Identifier?, range: SourceRange) {
            self.name = name
            self.alias = alias
            self.range = range
        }
    }

    public enum Symbols: Sendable, Hashable {
        case named([Symbol])
        /// `* as alias`.
        case wildcard(alias: Identifier)
    }

    public var symbols: Symbols
    public var path: StringLiteral

    public init(symbols: Symbols, path: StringLiteral) {
        self.symbols = symbols
        self.path = path
    }
}

/// `extension name`, `extension 'spec' with { config } as alias`, or the older `import 'az@1.0.0'` form.
public struct ExtensionDeclaration: Sendable, Hashable {
    public enum Specification: Sendable, Hashable {
        /// `extension microsoftGraph`: a name from the configuration.
        case identifier(Identifier)
        /// `extension 'br:mcr.microsoft.com/bicep/extensions/...:1.0'` or `import 'az@1.0.0'`.
        case string(StringLiteral)
    }

    public var specification: Specification
    public var config: ObjectLiteral?
    public var alias: Identifier?
    /// Written with the `import` keyword (the form before Bicep 0.23).
    public var usesImportKeyword: Bool

    public init(specification: Specification, config: ObjectLiteral?, alias: Identifier?, usesImportKeyword: Bool) {
        self.specification = specification
        self.config = config
        self.alias = alias
        self.usesImportKeyword = usesImportKeyword
    }
}

/// `using 'main.bicep' [with { ... }]` or `using none`.
public struct UsingDeclaration: Sendable, Hashable {
    /// The template path; nil for `using none`.
    public var path: StringLiteral?
    public var config: ObjectLiteral?

    public init(path: StringLiteral?, config: ObjectLiteral?) {
        self.path = path
        self.config = config
    }
}
