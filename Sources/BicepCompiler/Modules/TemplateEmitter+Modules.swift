import BicepSyntax

extension TemplateEmitter {
    /// A module as the compiler writes it in languageVersion 1: a `Microsoft.Resources/deployments` resource with
    /// its copy loop and condition, the body's own properties (`name`), its scope, a `location` when it deploys
    /// to anything but a resource group, inner expression evaluation, `Incremental` mode, each parameter as
    /// `{"value": ...}`, the child template, `dependsOn` and `@description`.
    func emitModule(_ index: Int) throws(CompileFailure) -> TemplateValue {
        let resource = model.resources[index]
        let range = resource.declaration.range
        guard let body = resource.body else {
            throw .invalid("expected an object as the module body, found another expression", at: resource.syntax.body.range, in: file)
        }
        guard body[property: "name"] != nil || symbolicNames else {
            throw .needsLanguageVersion2("a module without 'name'", at: resource.name.range, in: file)
        }
        let environment = try converter.environment(of: index, index: nil)
        var members: [TemplateMember] = []
        if let loop = resource.ownLoop {
            let source = try converter.convert(loop.source, .empty)
            var copy = [
                member("name", .string(resource.symbolicName), loop.range),
                member("count", .string(ARMExpression.function("length", source).templateString), loop.source.range),
            ]
            if let batchSize = try batchSize(resource.declaration) {
                copy.append(member("mode", .string("serial"), loop.range))
                copy.append(member("batchSize", .integer(batchSize), loop.range))
            }
            members.append(member("copy", .object(copy), loop.range))
        }
        if let condition = resource.ownCondition {
            let converted = try converter.convert(condition, environment)
            members.append(TemplateMember(key: "condition", value: expressionValue(converted, range: condition.range), range: range))
        }
        members.append(member("type", .string(SemanticModel.deploymentType), resource.syntax.type.range))
        members.append(member("apiVersion", .string(SemanticModel.deploymentAPIVersion), resource.syntax.type.range))
        if body[property: "name"] == nil {
            members.append(member("name", .string(converter.generatedModuleName(index, index: nil).templateString), range))
        }
        members += try self.members(body, environment, omitting: ["params", "scope", "dependsOn"])
        members += try scopeMembers(index, environment)
        if try !deploysToResourceGroup(index) {
            let location = model.targetScope == .resourceGroup ? "[resourceGroup().location]" : "[deployment().location]"
            members.append(member("location", .string(location), range))
        }
        var properties = [
            member("expressionEvaluationOptions", .object([member("scope", .string("inner"), range)]), range),
            member("mode", .string("Incremental"), range),
        ]
        if let parameters = body[property: "params"] {
            properties.append(
                TemplateMember(key: "parameters", value: try moduleParameters(parameters.value, environment), range: parameters.range))
        }
        switch modules[index] {
        case .template(let template)?:
            // The child's values keep their ranges in the module file, which their file index names.
            properties.append(TemplateMember(key: "template", value: template, range: range))
        case .unknown(let reference)?:
            properties.append(
                member("templateLink", .object([member("uri", .string(reference), resource.module?.path.range ?? range)]), range))
        case nil: throw .invalid("expected the module's template to be resolved, found none", at: resource.name.range, in: file)
        }
        members.append(member("properties", .object(properties), range))
        let dependencies = try dependsOn(index)
        if !dependencies.isEmpty {
            members.append(member("dependsOn", .array(dependencies.map { TemplateValue(.string($0), range: range) }), range))
        }
        try applyDecorators(resource.declaration.decorators.filter { $0.name != "batchSize" }, to: &members, allowing: ["description"])
        return TemplateValue(.object(members), range: range)
    }

    /// Whether the module's requested scope (its `scope:`, else the file's target scope) is a resource group.
    private func deploysToResourceGroup(_ index: Int) throws(CompileFailure) -> Bool {
        switch try converter.scope(of: index) {
        case .target: model.targetScope == .resourceGroup
        case .resourceGroup, .declaredResourceGroup: true
        case .subscription, .tenant, .managementGroup, .resource: false
        }
    }

    /// `params: {a: x, b: [for ...]}` → `{"a": {"value": x}, "b": {"copy": [{"name": "value", ...}]}}`.
    private func moduleParameters(_ expression: Expression, _ environment: Environment) throws(CompileFailure) -> TemplateValue {
        guard case .object(let object) = expression.kind else {
            throw .invalid("expected an object literal as the module's 'params', found another expression", at: expression.range, in: file)
        }
        var members: [TemplateMember] = []
        for item in object.items {
            guard case .property(let property) = item, let key = property.key.name else {
                throw .invalid(
                    "expected 'name: value' pairs in 'params', found a spread or an interpolated key", at: expression.range, in: file)
            }
            let wrapped: TemplateValue
            if let reference = try keyVaultReference(property.value, environment) {
                wrapped = reference
            } else if let ternary = try moduleParameterTernary(property.value, environment) {
                wrapped = expressionValue(ternary, range: property.value.range)
            } else if case .forLoop(let loop) = property.value.kind {
                let copy = try copyObject(name: "value", loop, environment, range: property.value.range)
                wrapped = TemplateValue(.object([member("copy", .array([copy]), property.value.range)]), range: property.value.range)
            } else {
                wrapped = TemplateValue(
                    .object([member("value", try value(property.value, environment).kind, property.value.range)]),
                    range: property.value.range)
            }
            members.append(TemplateMember(key: key, value: wrapped, range: property.key.range))
        }
        return TemplateValue(.object(members), range: expression.range)
    }

    /// `c ? a : b` as a module parameter: the compiler's `ConvertModuleParameter` wraps each branch instead,
    /// `if(c, createObject('value', a), createObject('value', b))`; nil for other values.
    private func moduleParameterTernary(_ expression: Expression, _ environment: Environment) throws(CompileFailure) -> ARMExpression? {
        switch expression.kind {
        case .parenthesized(let inner): return try moduleParameterTernary(inner, environment)
        case .ternary(let condition, let then, let otherwise):
            func branch(_ value: Expression) throws(CompileFailure) -> ARMExpression {
                if let nested = try moduleParameterTernary(value, environment) { return nested }
                if case .call(let call) = value.kind, call.name.name == "getSecret", let base = call.base,
                    (1...2).contains(call.arguments.count), let target = try converter.resourceTarget(base, environment),
                    !target.isWholeCollection
                {
                    var reference: [ARMExpression] = [
                        .string("keyVault"),
                        .function("createObject", .string("id"), try converter.resourceID(target.resource, index: target.index)),
                        .string("secretName"), try converter.convert(call.arguments[0], environment),
                    ]
                    if call.arguments.count == 2 {
                        reference += [.string("secretVersion"), try converter.convert(call.arguments[1], environment)]
                    }
                    return .function("createObject", .string("reference"), .function("createObject", arguments: reference))
                }
                return .function("createObject", .string("value"), try converter.convert(value, environment))
            }
            return .function("if", try converter.convert(condition, environment), try branch(then), try branch(otherwise))
        default: return nil
        }
    }

    /// `vault.getSecret(name, version?)` as a module parameter: a Key Vault reference the deployment resolves,
    /// `{"reference": {"keyVault": {"id": ...}, "secretName": ..., "secretVersion": ...}}`; nil for other values.
    private func keyVaultReference(_ expression: Expression, _ environment: Environment) throws(CompileFailure) -> TemplateValue? {
        guard case .call(let call) = expression.kind, call.name.name == "getSecret", let base = call.base,
            (1...2).contains(call.arguments.count), let target = try converter.resourceTarget(base, environment),
            !target.isWholeCollection
        else { return nil }
        let range = expression.range
        let id = try converter.resourceID(target.resource, index: target.index)
        var reference = [
            member(
                "keyVault", .object([TemplateMember(key: "id", value: expressionValue(id, range: base.range), range: base.range)]), range),
            TemplateMember(key: "secretName", value: try value(call.arguments[0], environment), range: call.arguments[0].range),
        ]
        if call.arguments.count == 2 {
            reference.append(
                TemplateMember(key: "secretVersion", value: try value(call.arguments[1], environment), range: call.arguments[1].range))
        }
        return TemplateValue(.object([member("reference", .object(reference), range)]), range: range)
    }
}
