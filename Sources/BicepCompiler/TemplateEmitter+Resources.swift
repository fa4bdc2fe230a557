import BicepSyntax

extension TemplateEmitter {
    /// A top-level resource and its nested resources, in the compiler's order: every nested resource (children
    /// after their own children) comes before every top-level one. `existing` resources are not written in
    /// languageVersion 1.
    func emitResources(_ declaration: Declaration) throws(CompileFailure) -> (nested: [TemplateValue], topLevel: TemplateValue?) {
        guard case .resource(let syntax) = declaration.kind, let index = model.resources.firstIndex(where: { $0.syntax == syntax }) else {
            return ([], nil)
        }
        var nested: [TemplateValue] = []
        try collectChildren(of: index, into: &nested)
        return (nested, model.resources[index].syntax.isExisting ? nil : try emitResource(index))
    }

    private func collectChildren(of index: Int, into emitted: inout [TemplateValue]) throws(CompileFailure) {
        let resource = model.resources[index]
        for item in resource.body?.items ?? [] {
            guard case .resource(let child) = item, case .resource(let childSyntax) = child.kind,
                let childIndex = resource.children[childSyntax.name.name]
            else { continue }
            try collectChildren(of: childIndex, into: &emitted)
            if !childSyntax.isExisting { emitted.append(try emitResource(childIndex)) }
        }
    }

    func emitResource(_ index: Int) throws(CompileFailure) -> TemplateValue {
        let resource = model.resources[index]
        let range = resource.declaration.range
        guard let body = resource.body else {
            throw .invalid("expected an object as the resource body, found another expression", at: resource.syntax.body.range, in: file)
        }
        guard let apiVersion = resource.apiVersion else {
            throw .invalid(
                "expected 'Type@apiVersion' as the resource type, found no API version", at: resource.syntax.type.range, in: file)
        }
        let environment = try converter.environment(of: index, index: nil)
        var members: [TemplateMember] = []
        if let owner = converter.loopOwner(of: index), let loop = model.resources[owner].ownLoop {
            var outer = Environment.empty
            if let parent = model.resources[owner].nestedParent { outer.visibleChildren = converter.visibleChildren(of: parent) }
            let source = try converter.convert(loop.source, outer)
            var copy = [
                member("name", .string(model.resources[owner].symbolicName), loop.range),
                member("count", .string(ARMExpression.function("length", source).templateString), loop.source.range),
            ]
            if let batchSize = try batchSize(resource.declaration) {
                copy.append(member("mode", .string("serial"), loop.range))
                copy.append(member("batchSize", .integer(batchSize), loop.range))
            }
            members.append(member("copy", .object(copy), loop.range))
        }
        if let condition = try condition(of: index, environment) {
            members.append(TemplateMember(key: "condition", value: expressionValue(condition, range: range), range: range))
        }
        if symbolicNames && resource.syntax.isExisting { members.append(member("existing", .bool(true), range)) }
        members.append(member("type", .string(resource.fullType), resource.syntax.type.range))
        members.append(member("apiVersion", .string(apiVersion), resource.syntax.type.range))
        members += try scopeMembers(index, environment)
        let nameRange = body[property: "name"]?.range ?? range
        members.append(TemplateMember(key: "name", value: try qualifiedName(index), range: nameRange))
        members += try self.members(body, environment, omitting: ["name", "scope", "parent", "dependsOn"])
        let dependencies = try dependsOn(index)
        if !dependencies.isEmpty {
            members.append(member("dependsOn", .array(dependencies.map { TemplateValue(.string($0), range: range) }), range))
        }
        try applyDecorators(resource.declaration.decorators.filter { $0.name != "batchSize" }, to: &members, allowing: ["description"])
        return TemplateValue(.object(members), range: range)
    }

    func batchSize(_ declaration: Declaration) throws(CompileFailure) -> Int64? {
        guard let decorator = declaration.decorators.first(where: { $0.name == "batchSize" }) else { return nil }
        guard decorator.arguments.count == 1, case .integer(let value) = decorator.arguments[0].kind else {
            throw .invalid("expected an integer literal in @batchSize", at: decorator.range, in: file)
        }
        return Int64(clamping: value)
    }

    /// The resource's condition, and-ed after its nested ancestors' conditions (root first).
    private func condition(of index: Int, _ environment: Environment) throws(CompileFailure) -> ARMExpression? {
        var result: ARMExpression?
        for ancestor in model.ancestors(of: index) where ancestor.nested {
            if let condition = model.resources[ancestor.resource].ownCondition {
                let converted = try converter.convert(condition, try converter.environment(of: ancestor.resource, index: nil))
                result = result.map { .function("and", $0, converted) } ?? converted
            }
        }
        if let condition = model.resources[index].ownCondition {
            let converted = try converter.convert(condition, environment)
            result = result.map { .function("and", $0, converted) } ?? converted
        }
        return result
    }

    /// `name`, or `format('{0}/{1}', parent, child)` for a child resource.
    private func qualifiedName(_ index: Int) throws(CompileFailure) -> TemplateValue {
        let range = try converter.nameExpression(of: index).range
        if model.ancestors(of: index).isEmpty {
            let environment = try converter.environment(of: index, index: nil)
            return expressionValue(try converter.convert(try converter.nameExpression(of: index), environment), range: range)
        }
        let segments = try converter.nameSegments(index, index: nil)
        let format = segments.indices.map { "{\($0)}" }.joined(separator: "/")
        return expressionValue(.function("format", arguments: [.string(format)] + segments), range: range)
    }

    /// `scope`, `subscriptionId` or `resourceGroup` for a resource deployed outside the template's own scope.
    func scopeMembers(_ index: Int, _ environment: Environment) throws(CompileFailure) -> [TemplateMember] {
        let range = model.resources[index].body?[property: "scope"]?.range ?? model.resources[index].declaration.range
        switch try converter.scope(of: index) {
        case .target: return []
        case .resource(let scopeResource, let scopeIndex):
            let converted = try scopeIndex.map { (i) throws(CompileFailure) in try converter.convert(i, environment) }
            return [member("scope", .string(try converter.resourceID(scopeResource, index: converted).templateString), range)]
        case .declaredResourceGroup(let group, let groupIndex):
            let name = try converter.declaredResourceGroupName(group, index: groupIndex, environment)
            return [TemplateMember(key: "resourceGroup", value: expressionValue(name, range: range), range: range)]
        case .resourceGroup(let subscription, let name):
            var members: [TemplateMember] = []
            if let subscription {
                members.append(
                    TemplateMember(
                        key: "subscriptionId", value: expressionValue(try converter.convert(subscription, environment), range: range),
                        range: range))
            }
            members.append(
                TemplateMember(
                    key: "resourceGroup", value: expressionValue(try converter.convert(name, environment), range: range), range: range))
            return members
        case .subscription(let subscription):
            if let subscription {
                return [
                    TemplateMember(
                        key: "subscriptionId", value: expressionValue(try converter.convert(subscription, environment), range: range),
                        range: range)
                ]
            }
            return model.targetScope == .resourceGroup
                ? [member("subscriptionId", .string("[subscription().subscriptionId]"), range)] : []
        case .tenant: return [member("scope", .string("/"), range)]
        case .managementGroup(let name):
            guard let name else { return [] }
            let converted = try converter.convert(name, environment)
            let unqualified = model.targetScope == .tenant || model.targetScope == .managementGroup
            let id: ARMExpression =
                unqualified
                ? .function("format", .string("Microsoft.Management/managementGroups/{0}"), converted)
                : .function("tenantResourceId", .string("Microsoft.Management/managementGroups"), converted)
            return [member("scope", .string(id.templateString), range)]
        }
    }
}
