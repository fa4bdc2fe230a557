import BicepSyntax
import SourceModel

/// Lowers Bicep expressions to ARM template expressions the way the Bicep compiler's `ExpressionBuilder` and
/// `ExpressionConverter` do: parameters and variables become `parameters('x')` and `variables('x')`, operators become
/// functions (`equals`, `and`, `coalesce`...), interpolation becomes `format(...)`, `.?` becomes `tryGet(...)`, and
/// resource access becomes `resourceId(...)` or `reference(...)`.
struct ExpressionConverter: Sendable {
    let model: SemanticModel
    /// Variables whose values read runtime state (`reference`, `list*`): ARM forbids that in `variables`, so the
    /// compiler writes their value wherever they are used.
    let inlinedVariables: Set<String>
    /// Reads the files of `loadTextContent`, `loadJsonContent` and `loadFileAsBase64`; nil refuses them.
    let reader: BicepFileReader?
    /// languageVersion 2.0: resources are named by symbol (`reference('r')`, `references('r')`, `format('r[{0}]', i)`).
    let symbolicNames: Bool
    let imports: ImportedSymbols
    /// The `@secure()` outputs of each module's template, by resource index: the compiler reads them with
    /// `listOutputsWithSecureValues`.
    var secureOutputs: [Int: Set<String>] = [:]
    /// The `load*` calls written as intermediate `$fxv#N` variables (see ``FunctionVariables``).
    let functionVariables: [FunctionCall: String]

    init(model: SemanticModel, reader: BicepFileReader? = nil, symbolicNames: Bool = false, imports: ImportedSymbols = ImportedSymbols()) {
        self.model = model
        self.reader = reader
        self.symbolicNames = symbolicNames
        self.imports = imports
        self.inlinedVariables = InlineAnalysis(model: model).variablesToInline()
        self.functionVariables = FunctionVariables.collect(model.tree)
    }

    var file: String { model.file }

    func unsupported(_ what: String, _ range: SourceRange) -> CompileFailure {
        .unsupported(what, at: range, in: file)
    }

    func convert(_ expression: Expression, _ environment: Environment) throws(CompileFailure) -> ARMExpression {
        switch expression.kind {
        case .integer(let value): return Self.integer(Int64(clamping: value))
        case .unary(.minus, let operand):
            if case .integer(let value) = operand.kind { return Self.integer(-Int64(clamping: value)) }
            return .function("sub", .integer(0), try convert(operand, environment))
        case .unary(.not, let operand): return .function("not", try convert(operand, environment))
        case .boolean(let value): return .function(value ? "true" : "false")
        case .null: return .function("null")
        case .string(let literal): return try convert(literal, environment)
        case .variable(let identifier): return try convertName(identifier, expression, environment)
        case .call(let call): return try convertCall(call, expression, environment)
        case .property(let base, let name, let isSafe):
            if case .property(let moduleBase, let outputs, false) = base.kind, outputs.name == "outputs",
                let target = try resourceTarget(moduleBase, environment), model.resources[target.resource].module != nil
            {
                if symbolicNames, secureOutputs[target.resource]?.contains(name.name) == true {
                    let outputs = secureOutputValues(target)
                    return isSafe ? .function("tryGet", outputs, .string(name.name)) : outputs.appending(.string(name.name))
                }
                if isSafe {
                    return .function("tryGet", .function("tryGet", try moduleOutputs(target), .string(name.name)), .string("value"))
                }
                return try moduleOutputs(target).appending(.string(name.name)).appending(.string("value"))
            }
            if let target = try resourceTarget(base, environment) {
                return try resourceProperty(target, name.name, safe: isSafe, range: expression.range)
            }
            if case .variable(let alias) = base.kind, environment.locals[alias.name] == nil,
                model.symbols[alias.name]?.kind == .importNamespace
            {
                if let reference = imports.unrestored[alias.name] {
                    throw unsupported("'\(alias.name).\(name.name)', imported from '\(reference)' which is not restored", expression.range)
                }
                guard let variable = imports.wildcardVariables[alias.name]?[name.name] else {
                    throw CompileFailure(
                        diagnostic: Diagnostic(
                            .unknownSymbol, at: name.range.location(in: file),
                            "unknown symbol '\(alias.name).\(name.name)': the imported template exports no variable with this name"))
                }
                return .function("variables", .string(variable))
            }
            return Self.access(
                try convert(base, environment), .string(name.name), safe: isSafe, fromEnd: false, chained: Self.isAccess(base))
        case .index(let base, let index, let isSafe, let isFromEnd):
            if let target = try resourceTarget(expression, environment) {
                return try resourceReference(target, range: expression.range)
            }
            let accessor = try convert(index, environment)
            return Self.access(try convert(base, environment), accessor, safe: isSafe, fromEnd: isFromEnd, chained: Self.isAccess(base))
        case .resourceAccess:
            guard let target = try resourceTarget(expression, environment) else {
                throw .invalid("expected a nested resource after '::', found none with this name", at: expression.range, in: file)
            }
            return try resourceReference(target, range: expression.range)
        case .nonNullAssertion(let inner), .parenthesized(let inner): return try convert(inner, environment)
        case .binary(let op, let left, let right):
            return Self.binary(op, try convert(left, environment), try convert(right, environment))
        case .ternary(let condition, let then, let otherwise):
            return .function(
                "if", try convert(condition, environment), try convert(then, environment), try convert(otherwise, environment))
        case .lambda(let lambda):
            var inner = environment
            for parameter in lambda.parameters { inner.locals[parameter.name] = .function("lambdaVariables", .string(parameter.name)) }
            return .function("lambda", arguments: lambda.parameters.map { .string($0.name) } + [try convert(lambda.body, inner)])
        case .array(let items): return try convertArray(items, environment)
        case .object(let object): return try convertObject(object, environment)
        case .forLoop: throw unsupported("a for-expression nested inside another expression", expression.range)
        case .invalid: throw .invalid("expected an expression, found a syntax error", at: expression.range, in: file)
        }
    }

    /// ARM's parser reads only 32-bit integer literals; larger ones go through `json('...')`.
    static func integer(_ value: Int64) -> ARMExpression {
        value > Int64(Int32.max) || value < Int64(Int32.min) ? .function("json", .string(String(value))) : .integer(value)
    }

    func convert(_ literal: StringLiteral, _ environment: Environment) throws(CompileFailure) -> ARMExpression {
        if let value = literal.value { return .string(value) }
        var format = ""
        var arguments: [ARMExpression] = []
        for (index, segment) in literal.segments.enumerated() {
            format += segment.replacing("{", with: "{{").replacing("}", with: "}}")
            if index < literal.interpolations.count {
                format += "{\(index)}"
                arguments.append(try convert(literal.interpolations[index], environment))
            }
        }
        return .function("format", arguments: [.string(format)] + arguments)
    }

    private func convertName(_ identifier: Identifier, _ expression: Expression, _ environment: Environment) throws(CompileFailure)
        -> ARMExpression
    {
        if let local = environment.locals[identifier.name] { return local }
        if environment.visibleChildren[identifier.name] != nil, let target = try resourceTarget(expression, environment) {
            return try resourceReference(target, range: expression.range)
        }
        guard let symbol = model.symbols[identifier.name] else {
            throw CompileFailure(
                diagnostic: Diagnostic(
                    .unknownSymbol, at: identifier.range.location(in: file), "unknown symbol '\(identifier.name)'"))
        }
        switch symbol.kind {
        case .parameter: return .function("parameters", .string(identifier.name))
        case .variable:
            if inlinedVariables.contains(identifier.name), let variable = model.variables[identifier.name] {
                return try convert(variable.value, .empty)
            }
            return .function("variables", .string(identifier.name))
        case .resource, .module:
            guard let target = try resourceTarget(expression, environment) else {
                throw unsupported("a reference to a whole resource collection (languageVersion 2.0)", expression.range)
            }
            return try resourceReference(target, range: expression.range)
        case .importedSymbol where imports.unrestored[identifier.name] != nil:
            throw unsupported(
                "'\(identifier.name)', imported from '\(imports.unrestored[identifier.name] ?? "")' which is not restored (its value is unknown)",
                expression.range)
        case .importedSymbol where imports.variables[identifier.name] != nil:
            return .function("variables", .string(imports.variables[identifier.name] ?? identifier.name))
        case .function, .type, .metadata, .output, .importedSymbol, .importNamespace, .extensionAlias:
            throw unsupported("a reference to a \(symbol.kind.rawValue)", expression.range)
        }
    }

    private func convertCall(_ call: FunctionCall, _ expression: Expression, _ environment: Environment) throws(CompileFailure)
        -> ARMExpression
    {
        if let base = call.base, case .variable(let alias) = base.kind, environment.locals[alias.name] == nil,
            model.symbols[alias.name]?.kind == .importNamespace
        {
            if let reference = imports.unrestored[alias.name] {
                throw unsupported("'\(alias.name).\(call.name.name)', imported from '\(reference)' which is not restored", call.range)
            }
            guard let qualified = imports.wildcardFunctions[alias.name]?[call.name.name] else {
                throw CompileFailure(
                    diagnostic: Diagnostic(
                        .unknownFunction, at: call.name.range.location(in: file),
                        "unknown function '\(alias.name).\(call.name.name)': the imported template exports no function with this name"))
            }
            return try userFunctionCall(qualified, call, environment)
        }
        if let base = call.base {
            let namespace = call.namespace
            let isNamespace =
                namespace.map { ($0 == "sys" || $0 == "az") && model.symbols[$0] == nil && environment.locals[$0] == nil } ?? false
            if !isNamespace {
                if let target = try resourceTarget(base, environment) {
                    return try resourceFunction(target, call, environment)
                }
                throw unsupported("the instance function '\(call.name.name)' on this expression", call.range)
            }
        } else if let symbol = model.symbols[call.name.name], symbol.kind == .function {
            return try userFunctionCall("__bicep." + call.name.name, call, environment)
        } else if let symbol = model.symbols[call.name.name], symbol.kind == .importedSymbol {
            if let reference = imports.unrestored[call.name.name] {
                throw unsupported(
                    "'\(call.name.name)', imported from '\(reference)' which is not restored (its body is unknown)", call.range)
            }
            guard let qualified = imports.functions[call.name.name] else {
                throw CompileFailure(
                    diagnostic: Diagnostic(
                        .unknownFunction, at: call.name.range.location(in: file),
                        "'\(call.name.name)' is imported but is not a function: expected a function to call"))
            }
            return try userFunctionCall(qualified, call, environment)
        }
        let name = call.name.name
        guard KnownFunctions.namespace(of: name) != nil else {
            throw CompileFailure(
                diagnostic: Diagnostic(.unknownFunction, at: call.name.range.location(in: file), "unknown function '\(name)'"))
        }
        if name == "nameof", call.arguments.count == 1, let symbol = Self.lastName(call.arguments[0]) { return .string(symbol) }
        if let variable = functionVariables[call] { return .function("variables", .string(variable)) }
        if let loaded = try load(call, environment) { return loaded.expression }
        if Self.isScopeWithoutARMValue(call) { return .function("createObject") }
        if name == "externalInput", model.tree.kind == .parameters, call.arguments.count == 1 {
            // A `.bicepparam` file's externalInput, renamed `kind_N` by the parameters compiler.
            return .function("externalInputs", try convert(call.arguments[0], environment))
        }
        if KnownFunctions.compileTime.contains(name) { throw unsupported("the compile-time function '\(name)'", call.range) }
        if name == "any", call.arguments.count == 1 { return try convert(call.arguments[0], environment) }
        var arguments: [ARMExpression] = []
        for argument in call.arguments { arguments.append(try convert(argument, environment)) }
        return .function(name, arguments: arguments)
    }

    /// `listOutputsWithSecureValues('m', '2025-04-01')`: a module's outputs with the secure ones readable.
    func secureOutputValues(_ target: ResourceTarget) -> ARMExpression {
        .function(
            "listOutputsWithSecureValues", symbolicReference(target.resource, index: target.index),
            .string(SemanticModel.deploymentAPIVersion))
    }

    /// `__bicep.f(a, b)`: a call to a function the file declares or imports.
    private func userFunctionCall(_ qualified: String, _ call: FunctionCall, _ environment: Environment) throws(CompileFailure)
        -> ARMExpression
    {
        var arguments: [ARMExpression] = []
        for argument in call.arguments { arguments.append(try convert(argument, environment)) }
        return .function(qualified, arguments: arguments)
    }

    /// `subscription(id)` and `resourceGroup(id, name)` name a scope that ARM has no value for: the compiler
    /// writes an empty object.
    static func isScopeWithoutARMValue(_ call: FunctionCall) -> Bool {
        guard call.base == nil || call.namespace == "az" else { return false }
        switch (call.name.name, call.arguments.count) {
        case ("subscription", 1), ("resourceGroup", 1), ("resourceGroup", 2): return true
        default: return false
        }
    }

    /// The name `nameof(...)` folds to: the symbol, or the last property of an access chain.
    static func lastName(_ expression: Expression) -> String? {
        switch expression.kind {
        case .variable(let identifier), .property(_, let identifier, _), .resourceAccess(_, let identifier): identifier.name
        case .index(_, let index, _, _):
            if case .string(let literal) = index.kind { literal.value } else { nil }
        case .parenthesized(let inner), .nonNullAssertion(let inner): lastName(inner)
        default: nil
        }
    }

    private func convertArray(_ items: [ArrayItem], _ environment: Environment) throws(CompileFailure) -> ARMExpression {
        var chunks: [ARMExpression] = []
        var current: [ARMExpression] = []
        var hasSpread = false
        for item in items {
            switch item {
            case .element(let element): current.append(try convert(element, environment))
            case .spread(let spread):
                if !current.isEmpty { chunks.append(.function("createArray", arguments: current)) }
                current = []
                chunks.append(try convert(spread.expression, environment))
                hasSpread = true
            }
        }
        if !current.isEmpty { chunks.append(.function("createArray", arguments: current)) }
        if chunks.isEmpty { return .function("createArray") }
        if chunks.count == 1, !hasSpread { return chunks[0] }
        return .function("flatten", .function("createArray", arguments: chunks))
    }

    private func convertObject(_ object: ObjectLiteral, _ environment: Environment) throws(CompileFailure) -> ARMExpression {
        var chunks: [ARMExpression] = []
        var current: [ARMExpression] = []
        var hasSpread = false
        for item in object.items {
            switch item {
            case .property(let property):
                if case .forLoop = property.value.kind {
                    throw unsupported("a property loop inside an expression", property.value.range)
                }
                current.append(try key(property.key, environment))
                current.append(try convert(property.value, environment))
            case .spread(let spread):
                if !current.isEmpty { chunks.append(.function("createObject", arguments: current)) }
                current = []
                chunks.append(try convert(spread.expression, environment))
                hasSpread = true
            case .resource(let declaration):
                throw .invalid("expected a property, found a nested resource in an expression", at: declaration.range, in: file)
            }
        }
        if !current.isEmpty { chunks.append(.function("createObject", arguments: current)) }
        if chunks.isEmpty { return .function("createObject") }
        if chunks.count == 1, !hasSpread { return chunks[0] }
        return .function("shallowMerge", .function("createArray", arguments: chunks))
    }

    func key(_ key: PropertyKey, _ environment: Environment) throws(CompileFailure) -> ARMExpression {
        switch key {
        case .identifier(let identifier): .string(identifier.name)
        case .string(let literal): try convert(literal, environment)
        }
    }

    static func binary(_ op: BinaryOperator, _ left: ARMExpression, _ right: ARMExpression) -> ARMExpression {
        switch op {
        case .logicalOr: .function("or", left, right)
        case .logicalAnd: .function("and", left, right)
        case .equals: .function("equals", left, right)
        case .notEquals: .function("not", .function("equals", left, right))
        case .equalsInsensitive: .function("equals", .function("toLower", left), .function("toLower", right))
        case .notEqualsInsensitive: .function("not", .function("equals", .function("toLower", left), .function("toLower", right)))
        case .lessThan: .function("less", left, right)
        case .lessThanOrEqual: .function("lessOrEquals", left, right)
        case .greaterThan: .function("greater", left, right)
        case .greaterThanOrEqual: .function("greaterOrEquals", left, right)
        case .add: .function("add", left, right)
        case .subtract: .function("sub", left, right)
        case .multiply: .function("mul", left, right)
        case .divide: .function("div", left, right)
        case .modulo: .function("mod", left, right)
        case .coalesce: .function("coalesce", left, right)
        }
    }

    /// Whether the syntax is a property or index access (seen through `!`), which makes a following access
    /// "chained" onto a `tryGet`.
    static func isAccess(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .property, .index: true
        case .nonNullAssertion(let inner): isAccess(inner)
        default: false
        }
    }

    /// `base.x`, `base[i]`, `base.?x` (`tryGet`), `base[^i]` (`indexFromEnd`), with a chained access folded into
    /// the `tryGet` before it, as the compiler writes them.
    static func access(_ base: ARMExpression, _ accessor: ARMExpression, safe: Bool, fromEnd: Bool, chained: Bool) -> ARMExpression {
        if safe { return .function(fromEnd ? "tryIndexFromEnd" : "tryGet", base, accessor) }
        if chained, case .call(let name, let arguments, let accessors) = base, accessors.isEmpty,
            name.lowercased() == "tryget" || name.lowercased() == "tryindexfromend"
        {
            let extra: ARMExpression =
                fromEnd
                ? .function("createObject", .string("value"), accessor, .string("fromEnd"), .function("true")) : accessor
            return .call(name: name, arguments: arguments + [extra], accessors: [])
        }
        if fromEnd { return .function("indexFromEnd", base, accessor) }
        return base.appending(accessor)
    }
}
