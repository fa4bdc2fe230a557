import BicepSyntax
import SourceModel

/// Writes a languageVersion 2.0 template, in the order and shape of the compiler's `TemplateWriter` with symbolic
/// names: `$schema`, `languageVersion`, `contentVersion`, `metadata`, `definitions`, `functions`, `parameters`,
/// `variables`, `resources` (an object keyed by symbolic name, `existing` resources included), `outputs`.
extension TemplateEmitter {
    mutating func emitLanguageVersion2() -> TemplateValue? {
        let range = Self.fileRange
        var metadata: [TemplateMember] = [
            member("_generator", .object([member("name", .string("bulwark"), range), member("version", .string("1"), range)]), range)
        ]
        var userMetadata: [TemplateMember] = []
        var exportedVariables: [TemplateValue] = []
        var definitions: [TemplateMember] = []
        var functions: [TemplateMember] = []
        var parameters: [TemplateMember] = []
        var variableCopies: [TemplateValue] = []
        var variables: [TemplateMember] = []
        var resources: [TemplateMember] = []
        var outputs: [TemplateMember] = []
        var failed = false
        func attempt(_ body: () throws(CompileFailure) -> Void) {
            do throws(CompileFailure) {
                try body()
            } catch {
                diagnostics.append(error.diagnostic)
                failed = true
            }
        }
        for declaration in model.tree.declarations {
            attempt { () throws(CompileFailure) in
                switch declaration.kind {
                case .metadata(let name, let metadataValue):
                    userMetadata.append(TemplateMember(key: name.name, value: try value(metadataValue, .empty), range: name.range))
                case .type(let name, let type):
                    try checkDecorators(declaration.decorators, allowed: Self.typeDecorators.subtracting(["allowed"]))
                    var properties = try typeProperties(type, decorators: declaration.decorators)
                    try applyTypeModifiers(declaration.decorators, to: &properties)
                    definitions.append(
                        TemplateMember(
                            key: name.name, value: TemplateValue(.object(properties), range: declaration.range), range: name.range))
                case .function(let function):
                    functions.append(try emitFunction(function, declaration))
                case .parameter(let parameter):
                    parameters.append(try emitTypedParameter(parameter, declaration))
                case .variable(let variable):
                    try checkDecorators(declaration.decorators, allowed: ["description", "export"])
                    if declaration.decorators.contains(where: { $0.name == "export" }) {
                        var entry = [member("name", .string(variable.name.name), variable.name.range)]
                        if let description = declaration.decorators.last(where: { $0.name == "description" }),
                            description.arguments.count == 1
                        {
                            entry.append(
                                TemplateMember(
                                    key: "description", value: try value(description.arguments[0], .empty), range: description.range))
                        }
                        if let type = variable.type {
                            entry.append(
                                TemplateMember(
                                    key: "type", value: TemplateValue(.object(try typeProperties(type)), range: type.range),
                                    range: type.range))
                        }
                        exportedVariables.append(TemplateValue(.object(entry), range: declaration.range))
                    }
                    guard !converter.inlinedVariables.contains(variable.name.name) else { return }
                    if case .forLoop(let loop) = variable.value.kind {
                        variableCopies.append(try copyObject(name: variable.name.name, loop, .empty, range: variable.value.range))
                    } else {
                        variables.append(
                            TemplateMember(key: variable.name.name, value: try value(variable.value, .empty), range: variable.name.range))
                    }
                case .resource(let syntax):
                    guard let root = model.resources.firstIndex(where: { $0.syntax == syntax }) else { return }
                    for index in descendants(of: root) {
                        let resource = model.resources[index]
                        resources.append(
                            TemplateMember(key: resource.symbolicName, value: try emitResource(index), range: resource.name.range))
                    }
                case .module(let module):
                    guard let index = model.topLevelResources[module.name.name] else { return }
                    resources.append(TemplateMember(key: module.name.name, value: try emitModule(index), range: module.name.range))
                case .output(let output):
                    outputs.append(try emitTypedOutput(output, declaration))
                case .targetScope, .compileTimeImport, .using, .extends, .parameterAssignment, .extensionConfig: break
                case .extension: throw .unsupported("extensions", at: declaration.range, in: file)
                case .test, .assert: throw .unsupported("test and assert declarations", at: declaration.range, in: file)
                }
            }
        }
        exportedVariables.sort { (a, b) in
            if case .string(let left)? = a[member: "name"]?.kind, case .string(let right)? = b[member: "name"]?.kind { return left < right }
            return false
        }
        if !exportedVariables.isEmpty { metadata.append(member("__bicep_exported_variables!", .array(exportedVariables), range)) }
        metadata += userMetadata
        definitions += imports.definitions
        attempt { () throws(CompileFailure) in variables.insert(contentsOf: try functionVariableMembers(), at: 0) }
        variables += imports.variableMembers
        variableCopies += imports.variableCopies
        var members: [TemplateMember] = [
            member("$schema", .string(model.targetScope.schema), range),
            member("languageVersion", .string("2.0"), range),
            member("contentVersion", .string("1.0.0.0"), range),
            member("metadata", .object(metadata), range),
        ]
        if !definitions.isEmpty { members.append(member("definitions", .object(definitions), range)) }
        let functionGroups = Self.functionGroups(own: functions, imported: imports.functionMembers, range: range)
        if !functionGroups.isEmpty { members.append(member("functions", .array(functionGroups), range)) }
        if !parameters.isEmpty { members.append(member("parameters", .object(parameters), range)) }
        if !variableCopies.isEmpty { variables.insert(member("copy", .array(variableCopies), range), at: 0) }
        if !variables.isEmpty { members.append(member("variables", .object(variables), range)) }
        members.append(member("resources", .object(resources), range))
        if !outputs.isEmpty { members.append(member("outputs", .object(outputs), range)) }
        return failed ? nil : TemplateValue(.object(members), range: range)
    }

    /// A resource and the resources nested in its body, parents first.
    private func descendants(of index: Int) -> [Int] {
        var result = [index]
        for item in model.resources[index].body?.items ?? [] {
            guard case .resource(let child) = item, case .resource(let syntax) = child.kind,
                let childIndex = model.resources[index].children[syntax.name.name]
            else { continue }
            result += descendants(of: childIndex)
        }
        return result
    }

    /// `[{"namespace": "__bicep", "members": {...}}, {"namespace": "_1", ...}]`: the file's own functions first,
    /// then the imported ones, grouped by namespace in the order they first appear.
    private static func functionGroups(
        own: [TemplateMember], imported: [(namespace: String, member: TemplateMember)], range: SourceRange
    ) -> [TemplateValue] {
        var order: [String] = []
        var groups: [String: [TemplateMember]] = [:]
        for (namespace, function) in own.map({ ("__bicep", $0) }) + imported.map({ ($0.namespace, $0.member) }) {
            if groups[namespace] == nil { order.append(namespace) }
            groups[namespace, default: []].append(function)
        }
        return order.map { namespace in
            TemplateValue(
                .object([
                    TemplateMember(key: "namespace", value: TemplateValue(.string(namespace), range: range), range: range),
                    TemplateMember(key: "members", value: TemplateValue(.object(groups[namespace] ?? []), range: range), range: range),
                ]), range: range)
        }
    }

    func checkDecorators(_ decorators: [Decorator], allowed: Set<String>) throws(CompileFailure) {
        for decorator in decorators where !allowed.contains(decorator.name ?? "") {
            throw .unsupported("the decorator '@\(decorator.name ?? "?")' here", at: decorator.range, in: file)
        }
    }

    /// `"name": {type properties, "defaultValue": ..., "allowedValues": ..., then the decorators' properties}`.
    func emitTypedParameter(_ parameter: ParameterDeclaration, _ declaration: Declaration) throws(CompileFailure) -> TemplateMember {
        try checkDecorators(declaration.decorators, allowed: Self.typeDecorators)
        var members = try typeProperties(parameter.type, decorators: declaration.decorators)
        if let defaultValue = parameter.defaultValue {
            Self.merge(&members, TemplateMember(key: "defaultValue", value: try value(defaultValue, .empty), range: defaultValue.range))
        }
        if let allowed = declaration.decorators.last(where: { $0.name == "allowed" }) {
            guard allowed.arguments.count == 1 else { throw .invalid("expected one argument to @allowed", at: allowed.range, in: file) }
            Self.merge(&members, TemplateMember(key: "allowedValues", value: try value(allowed.arguments[0], .empty), range: allowed.range))
        }
        try applyTypeModifiers(declaration.decorators, to: &members)
        return TemplateMember(
            key: parameter.name.name, value: TemplateValue(.object(members), range: declaration.range), range: parameter.name.range)
    }

    /// `"name": {type properties, the decorators' properties, "value" or "copy"}`; a resource-typed output's value is its id.
    func emitTypedOutput(_ output: OutputDeclaration, _ declaration: Declaration) throws(CompileFailure) -> TemplateMember {
        try checkDecorators(declaration.decorators, allowed: Self.typeDecorators)
        var members = try typeProperties(output.type, decorators: declaration.decorators)
        try applyTypeModifiers(declaration.decorators, to: &members)
        if case .forLoop(let loop) = output.value.kind {
            members.append(
                TemplateMember(
                    key: "copy", value: try copyObject(name: nil, loop, .empty, range: output.value.range), range: output.value.range))
        } else if case .resource = output.type.kind {
            let id = Expression(
                .property(base: output.value, name: Identifier("id", range: output.value.range), isSafe: false), range: output.value.range)
            members.append(TemplateMember(key: "value", value: try value(id, .empty), range: output.value.range))
        } else {
            members.append(TemplateMember(key: "value", value: try value(output.value, .empty), range: output.value.range))
        }
        return TemplateMember(
            key: output.name.name, value: TemplateValue(.object(members), range: declaration.range), range: output.name.range)
    }

    /// `"name": {"parameters": [{type properties, "name"}], "output": {type properties, "value"}, "metadata": ...}`; the
    /// body reads its parameters with `parameters('x')`.
    func emitFunction(_ function: FunctionDeclaration, _ declaration: Declaration) throws(CompileFailure) -> TemplateMember {
        try checkDecorators(declaration.decorators, allowed: ["description", "export", "metadata"])
        var parameters: [TemplateValue] = []
        var environment = Environment.empty
        for parameter in function.parameters {
            var properties = try typeProperties(parameter.type)
            Self.merge(&properties, member("name", .string(parameter.name.name), parameter.name.range))
            parameters.append(TemplateValue(.object(properties), range: parameter.name.range))
            environment.locals[parameter.name.name] = .function("parameters", .string(parameter.name.name))
        }
        var output = try typeProperties(function.returnType)
        Self.merge(&output, TemplateMember(key: "value", value: try value(function.body, environment), range: function.body.range))
        var members = [
            member("parameters", .array(parameters), function.name.range),
            member("output", .object(output), function.returnType.range),
        ]
        var metadata: [TemplateMember] = []
        if let description = declaration.decorators.last(where: { $0.name == "description" }), description.arguments.count == 1 {
            metadata.append(
                TemplateMember(key: "description", value: try value(description.arguments[0], .empty), range: description.range))
        }
        if let export = declaration.decorators.last(where: { $0.name == "export" }) {
            metadata.append(member("__bicep_export!", .bool(true), export.range))
        }
        if !metadata.isEmpty { members.append(member("metadata", .object(metadata), declaration.range)) }
        return TemplateMember(
            key: function.name.name, value: TemplateValue(.object(members), range: declaration.range), range: function.name.range)
    }
}
