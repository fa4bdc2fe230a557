import BicepSyntax

/// The intermediate variables the compiler writes for compile-time `load*` calls, as its
/// `FunctionVariableGeneratorVisitor` finds them: `loadJsonContent`, `loadYamlContent` and `loadDirectoryFileInfo`
/// always get one, `loadTextContent` and `loadFileAsBase64` unless they are a variable's whole value. They are named
/// `$fxv#0`, `$fxv#1`... in the order the calls appear (function bodies excluded: ARM functions cannot read
/// variables), and each call becomes `variables('$fxv#N')`.
enum FunctionVariables {
    static let always: Set<String> = ["loadJsonContent", "loadYamlContent", "loadDirectoryFileInfo"]
    static let unlessAssigned: Set<String> = ["loadTextContent", "loadFileAsBase64"]

    /// Each call that gets an intermediate variable, with the variable's name.
    static func collect(_ tree: SyntaxTree) -> [FunctionCall: String] {
        var collector = Collector()
        for declaration in tree.declarations { collector.visit(declaration) }
        return collector.names
    }

    private struct Collector {
        var names: [FunctionCall: String] = [:]

        mutating func visit(_ declaration: Declaration) {
            for decorator in declaration.decorators { visit(decorator.expression, assigned: false) }
            switch declaration.kind {
            case .parameter(let parameter): if let value = parameter.defaultValue { visit(value, assigned: false) }
            case .variable(let variable): visit(variable.value, assigned: true)
            case .output(let output): visit(output.value, assigned: false)
            case .metadata(_, let value), .targetScope(let value): visit(value, assigned: false)
            case .resource(let resource): visit(resource.body)
            case .module(let module): visit(module.body)
            case .function, .type, .compileTimeImport, .extension, .extensionConfig, .using, .extends, .test, .assert,
                .parameterAssignment:
                break
            }
        }

        private mutating func visit(_ body: DeploymentBody) {
            switch body {
            case .object(let object): visit(object)
            case .conditional(let condition, let object):
                visit(condition, assigned: false)
                visit(object)
            case .loop(let loop):
                visit(loop.source, assigned: false)
                if let condition = loop.condition { visit(condition, assigned: false) }
                if case .object(let object) = loop.body.kind { visit(object) } else { visit(loop.body, assigned: false) }
            }
        }

        private mutating func visit(_ object: ObjectLiteral) {
            for item in object.items {
                switch item {
                case .property(let property):
                    if case .string(let key) = property.key { key.interpolations.forEach { visit($0, assigned: false) } }
                    visit(property.value, assigned: false)
                case .spread(let spread): visit(spread.expression, assigned: false)
                case .resource(let declaration): visit(declaration)
                }
            }
        }

        /// Visits calls before their arguments, as the compiler's visitor numbers them.
        private mutating func visit(_ expression: Expression, assigned: Bool) {
            if case .call(let call) = expression.kind, call.base == nil || call.namespace == "sys" {
                let name = call.name.name
                if Self.isLoad(name, assigned: assigned) { names[call] = "$fxv#\(names.count)" }
            }
            if case .object(let object) = expression.kind {
                visit(object)
                return
            }
            var children: [Expression] = []
            expression.forEachChild { children.append($0) }
            for child in children { visit(child, assigned: false) }
        }

        private static func isLoad(_ name: String, assigned: Bool) -> Bool {
            FunctionVariables.always.contains(name) || (!assigned && FunctionVariables.unlessAssigned.contains(name))
        }
    }
}
