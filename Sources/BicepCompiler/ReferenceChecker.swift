import BicepSyntax
import SourceModel

/// Walks every expression of a file with its local scopes (loop variables, lambda parameters, nested resources) and
/// reports each name, function and namespace that nothing declares.
struct ReferenceChecker {
    let model: SemanticModel
    private(set) var diagnostics: [Diagnostic] = []
    private var locals: [Set<String>] = []
    /// Nested resources visible by bare name inside the bodies being walked.
    private var visibleChildren: [[String: Int]] = []

    init(model: SemanticModel) {
        self.model = model
    }

    mutating func checkAll() {
        for declaration in model.tree.declarations { check(declaration) }
    }

    private mutating func check(_ declaration: Declaration) {
        for decorator in declaration.decorators { checkDecorator(decorator) }
        switch declaration.kind {
        case .parameter(let parameter): if let value = parameter.defaultValue { check(value) }
        case .variable(let variable): check(variable.value)
        case .output(let output): check(output.value)
        case .metadata(_, let value): check(value)
        case .function(let function):
            locals.append(Set(function.parameters.map(\.name.name)))
            check(function.body)
            locals.removeLast()
        case .resource(let resource): checkResource(resource)
        case .module(let module): checkBody(module.body, children: [:])
        case .targetScope, .type, .compileTimeImport, .extension, .extensionConfig, .using, .extends, .test, .assert,
            .parameterAssignment:
            break
        }
    }

    private mutating func checkResource(_ resource: ResourceDeclaration) {
        let index = model.resources.firstIndex { $0.syntax == resource }
        let children = index.map { model.resources[$0].children } ?? [:]
        checkBody(resource.body, children: children)
    }

    private mutating func checkBody(_ body: DeploymentBody, children: [String: Int]) {
        visibleChildren.append(children)
        defer { visibleChildren.removeLast() }
        switch body {
        case .object(let object): checkObject(object)
        case .conditional(let condition, let object):
            check(condition)
            checkObject(object)
        case .loop(let loop):
            check(loop.source)
            locals.append(Set([loop.item.name] + (loop.index.map { [$0.name] } ?? [])))
            if let condition = loop.condition { check(condition) }
            check(loop.body)
            locals.removeLast()
        }
    }

    private mutating func checkObject(_ object: ObjectLiteral) {
        for item in object.items {
            switch item {
            case .property(let property):
                if case .string(let key) = property.key { key.interpolations.forEach { check($0) } }
                check(property.value)
            case .spread(let spread): check(spread.expression)
            case .resource(let declaration):
                for decorator in declaration.decorators { checkDecorator(decorator) }
                if case .resource(let resource) = declaration.kind { checkResource(resource) }
            }
        }
    }

    private mutating func checkDecorator(_ decorator: Decorator) {
        if let namespace = decorator.namespace, namespace != "sys", namespace != "az", model.symbols[namespace] == nil {
            unknownNamespace(namespace, at: decorator.range)
        }
        decorator.arguments.forEach { check($0) }
    }

    private func isLocal(_ name: String) -> Bool { locals.contains { $0.contains(name) } }

    private func isVisibleChild(_ name: String) -> Bool { visibleChildren.contains { $0[name] != nil } }

    mutating func check(_ expression: Expression) {
        switch expression.kind {
        case .integer, .boolean, .null, .invalid: break
        case .string(let literal): literal.interpolations.forEach { check($0) }
        case .variable(let identifier):
            if !isLocal(identifier.name), model.symbols[identifier.name] == nil, !isVisibleChild(identifier.name),
                identifier.name != "sys", identifier.name != "az"
            {
                diagnostics.append(
                    Diagnostic(
                        .unknownSymbol, at: identifier.range.location(in: model.file),
                        "unknown symbol '\(identifier.name)': expected a parameter, variable, resource, module, loop variable or import, found none with this name"
                    ))
            }
        case .call(let call): checkCall(call)
        case .property(let base, _, _), .resourceAccess(let base, _), .nonNullAssertion(let base), .parenthesized(let base):
            check(base)
        case .index(let base, let index, _, _):
            check(base)
            check(index)
        case .unary(_, let operand): check(operand)
        case .binary(_, let left, let right):
            check(left)
            check(right)
        case .ternary(let condition, let then, let otherwise):
            check(condition)
            check(then)
            check(otherwise)
        case .lambda(let lambda):
            locals.append(Set(lambda.parameters.map(\.name)))
            check(lambda.body)
            locals.removeLast()
        case .array(let items):
            for item in items {
                switch item {
                case .element(let element): check(element)
                case .spread(let spread): check(spread.expression)
                }
            }
        case .object(let object): checkObject(object)
        case .forLoop(let loop):
            check(loop.source)
            locals.append(Set([loop.item.name] + (loop.index.map { [$0.name] } ?? [])))
            if let condition = loop.condition { check(condition) }
            check(loop.body)
            locals.removeLast()
        }
    }

    private mutating func checkCall(_ call: FunctionCall) {
        call.arguments.forEach { check($0) }
        guard let base = call.base else {
            let declared = model.symbols[call.name.name].map { $0.kind == .function || $0.kind == .importedSymbol } ?? false
            if !declared, KnownFunctions.namespace(of: call.name.name) == nil {
                unknownFunction(call.name, namespaces: "sys or az")
            }
            return
        }
        if case .variable(let identifier) = base.kind, !isLocal(identifier.name), model.symbols[identifier.name] == nil,
            !isVisibleChild(identifier.name)
        {
            if identifier.name == "sys" || identifier.name == "az" {
                if !KnownFunctions.isKnown(call.name.name, in: identifier.name) {
                    unknownFunction(call.name, namespaces: identifier.name)
                }
            } else {
                unknownNamespace(identifier.name, at: identifier.range)
            }
            return
        }
        check(base)
    }

    private mutating func unknownFunction(_ name: Identifier, namespaces: String) {
        diagnostics.append(
            Diagnostic(
                .unknownFunction, at: name.range.location(in: model.file),
                "unknown function '\(name.name)': expected a function of \(namespaces) or one the file declares, found none with this name")
        )
    }

    private mutating func unknownNamespace(_ name: String, at range: SourceRange) {
        diagnostics.append(
            Diagnostic(
                .unknownNamespace, at: range.location(in: model.file),
                "unknown namespace '\(name)': expected 'sys', 'az' or an imported namespace, found '\(name)'"))
    }
}
