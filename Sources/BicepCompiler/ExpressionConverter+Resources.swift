import BicepSyntax

/// A resource named in an expression: which declared resource, and for a looped one the index (nil for the
/// whole collection).
struct ResourceTarget: Sendable {
    var resource: Int
    var index: ARMExpression?
    var isWholeCollection: Bool
}

/// Where a resource is deployed, as its root's `scope:` property says.
enum ResourceScope: Sendable {
    /// The template's own target scope.
    case target
    case resourceGroup(subscription: Expression?, name: Expression)
    /// A resource group the file declares (`scope: rg` or `scope: rgs[i]`), deployed to by its name.
    case declaredResourceGroup(Int, index: Expression?)
    case subscription(Expression?)
    case tenant
    case managementGroup(Expression?)
    /// An extension resource on another resource (`scope: storage`).
    case resource(Int, index: Expression?)
}

extension ExpressionConverter {
    func isCollection(_ resource: Int) -> Bool { model.resources[resource].ownLoop != nil }

    /// The resource an expression names (`r`, `r[i]`, `p::c`), or nil when it names none.
    func resourceTarget(_ expression: Expression, _ environment: Environment) throws(CompileFailure) -> ResourceTarget? {
        switch expression.kind {
        case .variable(let identifier):
            guard environment.locals[identifier.name] == nil else { return nil }
            let resource: Int
            if let child = environment.visibleChildren[identifier.name] {
                resource = child
            } else if [.resource, .module].contains(model.symbols[identifier.name]?.kind),
                let top = model.topLevelResources[identifier.name]
            {
                resource = top
            } else {
                return nil
            }
            return ResourceTarget(resource: resource, index: nil, isWholeCollection: isCollection(resource))
        case .resourceAccess(let base, let name):
            guard let parent = try resourceTarget(base, environment),
                let child = model.resources[parent.resource].children[name.name]
            else { return nil }
            return ResourceTarget(resource: child, index: nil, isWholeCollection: isCollection(child))
        case .index(let base, let index, _, _):
            guard let target = try resourceTarget(base, environment), target.isWholeCollection else { return nil }
            return ResourceTarget(resource: target.resource, index: try convert(index, environment), isWholeCollection: false)
        case .parenthesized(let inner), .nonNullAssertion(let inner):
            return try resourceTarget(inner, environment)
        default:
            return nil
        }
    }

    /// The nested resources visible by bare name in a resource's body: its own children and its nested ancestors'.
    func visibleChildren(of resource: Int) -> [String: Int] {
        var visible: [String: Int] = [:]
        var current: Int? = resource
        while let index = current {
            visible.merge(model.resources[index].children) { inner, _ in inner }
            current = model.resources[index].nestedParent
        }
        return visible
    }

    /// The resource whose loop repeats `resource`: its own, or a nested ancestor's.
    func loopOwner(of resource: Int) -> Int? {
        var current: Int? = resource
        while let index = current {
            if model.resources[index].ownLoop != nil { return index }
            current = model.resources[index].nestedParent
        }
        return nil
    }

    /// The environment of a resource's body: its loop variables bound to the given index (`copyIndex()` when
    /// none is given, as inside the resource's own declaration).
    func environment(of resource: Int, index: ARMExpression?) throws(CompileFailure) -> Environment {
        var environment = Environment(locals: [:], visibleChildren: visibleChildren(of: resource))
        if let owner = loopOwner(of: resource), let loop = model.resources[owner].ownLoop {
            var outer = Environment.empty
            if let parent = model.resources[owner].nestedParent { outer.visibleChildren = visibleChildren(of: parent) }
            let source = try convert(loop.source, outer)
            environment = environment.binding(loop, source: source, index: index ?? .copyIndex(nil))
        }
        return environment
    }

    func nameExpression(of resource: Int) throws(CompileFailure) -> Expression {
        guard let name = model.resources[resource].body?[property: "name"]?.value else {
            throw .invalid(
                "expected a 'name' property in resource '\(model.resources[resource].name.name)', found none",
                at: model.resources[resource].name.range, in: file)
        }
        return name
    }

    /// The resource's name segments, one per type segment after the provider, each lowered in the context of
    /// the given index: `[parent name, child name]`, or `split(name, '/')[i]` for a full name written at once.
    func nameSegments(_ resource: Int, index: ARMExpression?) throws(CompileFailure) -> [ARMExpression] {
        let environment = try environment(of: resource, index: index)
        let name = try convert(try nameExpression(of: resource), environment)
        guard let parent = model.ancestors(of: resource).last else {
            let typeSegments = model.resources[resource].fullType.split(separator: "/").count - 1
            if typeSegments <= 1 { return [name] }
            return (0..<typeSegments).map { .function("split", name, .string("/")).appending(.integer(Int64($0))) }
        }
        let parentIndex: ARMExpression?
        if parent.nested {
            parentIndex = loopOwner(of: parent.resource) != nil ? index : nil
        } else if let indexExpression = parent.index {
            parentIndex = try convert(indexExpression, environment)
        } else {
            parentIndex = nil
        }
        return try nameSegments(parent.resource, index: parentIndex) + [name]
    }

    /// The `scope:` of the resource's root ancestor (or of the resource itself).
    func scope(of resource: Int) throws(CompileFailure) -> ResourceScope {
        let root = model.ancestors(of: resource).first?.resource ?? resource
        guard let value = model.resources[root].body?[property: "scope"]?.value else { return .target }
        if case .call(let call) = value.kind, call.base == nil || call.namespace == "az" {
            switch (call.name.name, call.arguments.count) {
            case ("resourceGroup", 0): return model.targetScope == .resourceGroup ? .target : .resourceGroup(subscription: nil, name: value)
            case ("resourceGroup", 1): return .resourceGroup(subscription: nil, name: call.arguments[0])
            case ("resourceGroup", 2): return .resourceGroup(subscription: call.arguments[0], name: call.arguments[1])
            case ("subscription", 0): return model.targetScope == .subscription ? .target : .subscription(nil)
            case ("subscription", 1): return .subscription(call.arguments[0])
            case ("tenant", 0): return model.targetScope == .tenant ? .target : .tenant
            case ("managementGroup", 0): return model.targetScope == .managementGroup ? .target : .managementGroup(nil)
            case ("managementGroup", 1): return .managementGroup(call.arguments[0])
            default: break
            }
        }
        var base = value
        var index: Expression?
        if case .index(let inner, let position, _, _) = value.kind {
            base = inner
            index = position
        }
        if let target = model.resourceReference(base) {
            // A resource group declared in the file is the resource group it names, as the compiler's scope helper reads it.
            if model.resources[target].fullType.lowercased() == "microsoft.resources/resourcegroups" {
                return .declaredResourceGroup(target, index: index)
            }
            return .resource(target, index: index)
        }
        throw unsupported("this 'scope' value", value.range)
    }

    /// The resource's fully qualified id, as the compiler writes it for its target scope.
    func resourceID(_ resource: Int, index: ARMExpression?) throws(CompileFailure) -> ARMExpression {
        let segments = try nameSegments(resource, index: index)
        let type = ARMExpression.string(model.resources[resource].fullType)
        let environment = try environment(of: resource, index: index)
        switch try scope(of: resource) {
        case .target:
            switch model.targetScope {
            case .resourceGroup: return .function("resourceId", arguments: [type] + segments)
            case .subscription: return .function("subscriptionResourceId", arguments: [type] + segments)
            case .tenant: return .function("tenantResourceId", arguments: [type] + segments)
            case .managementGroup:
                return .function(
                    "extensionResourceId", arguments: [.function("managementGroup").appending(.string("id")), type] + segments)
            }
        case .resourceGroup(let subscription, let name):
            let subscriptionID = try subscription.map { (s) throws(CompileFailure) in try convert(s, environment) }
            let scopeID = ARMExpression.function(
                "format", .string("/subscriptions/{0}/resourceGroups/{1}"),
                subscriptionID ?? .function("subscription").appending(.string("subscriptionId")), try convert(name, environment))
            return .function("extensionResourceId", arguments: [scopeID, type] + segments)
        case .declaredResourceGroup(let group, let groupIndex):
            let scopeID = ARMExpression.function(
                "format", .string("/subscriptions/{0}/resourceGroups/{1}"), .function("subscription").appending(.string("subscriptionId")),
                try declaredResourceGroupName(group, index: groupIndex, environment))
            return .function("extensionResourceId", arguments: [scopeID, type] + segments)
        case .subscription(let subscription):
            let prefix = try subscription.map { (s) throws(CompileFailure) in [try convert(s, environment)] } ?? []
            return .function("subscriptionResourceId", arguments: prefix + [type] + segments)
        case .tenant:
            return .function("tenantResourceId", arguments: [type] + segments)
        case .managementGroup(let name):
            let scopeID =
                try name.map { (n) throws(CompileFailure) in
                    ARMExpression.function(
                        "tenantResourceId", .string("Microsoft.Management/managementGroups"), try convert(n, environment))
                } ?? .function("managementGroup").appending(.string("id"))
            return .function("extensionResourceId", arguments: [scopeID, type] + segments)
        case .resource(let scopeResource, let scopeIndex):
            let converted = try scopeIndex.map { (i) throws(CompileFailure) in try convert(i, environment) }
            return .function("extensionResourceId", arguments: [try resourceID(scopeResource, index: converted), type] + segments)
        }
    }

    private func apiVersion(_ resource: Int, range: SourceRange) throws(CompileFailure) -> ARMExpression {
        guard let version = model.resources[resource].apiVersion else {
            throw .invalid("expected an API version in the resource type ('Type@version'), found none", at: range, in: file)
        }
        return .string(version)
    }

    /// In languageVersion 2.0, how a resource or module is named in `reference`, `list*` and `dependsOn`: its
    /// symbolic name, or `format('name[{0}]', index)` for one member of a loop.
    func symbolicReference(_ resource: Int, index: ARMExpression?) -> ARMExpression {
        let name = model.resources[resource].symbolicName
        guard let index else { return .string(name) }
        return .function("format", .string(name + "[{0}]"), index)
    }

    /// `reference(id, apiVersion, 'full')`: the whole resource.
    func resourceReference(_ target: ResourceTarget, range: SourceRange) throws(CompileFailure) -> ARMExpression {
        if symbolicNames {
            let symbol = symbolicReference(target.resource, index: target.index)
            if model.resources[target.resource].module != nil {
                return .function(target.isWholeCollection ? "references" : "reference", symbol)
            }
            if target.isWholeCollection { return .function("references", symbol, .string("full")) }
            return .function("reference", symbol, try apiVersion(target.resource, range: range), .string("full"))
        }
        if target.isWholeCollection { throw .needsLanguageVersion2("a reference to a whole resource collection", at: range, in: file) }
        if model.resources[target.resource].module != nil {
            return .function(
                "reference", try resourceID(target.resource, index: target.index), .string(SemanticModel.deploymentAPIVersion))
        }
        return .function(
            "reference", try resourceID(target.resource, index: target.index), try apiVersion(target.resource, range: range),
            .string("full"))
    }

    /// `r.id`, `r.name`, `r.type`, `r.apiVersion`, `r.properties`, `r.location`..., and their `.?` forms guarded on
    /// the resource's condition.
    func resourceProperty(_ target: ResourceTarget, _ property: String, safe: Bool, range: SourceRange) throws(CompileFailure)
        -> ARMExpression
    {
        if target.isWholeCollection {
            throw .invalid("expected an index into the resource collection before '.\(property)', found none", at: range, in: file)
        }
        let resource = target.resource
        if model.resources[resource].module != nil, property != "name" {
            guard property == "outputs", !safe else { throw unsupported("the module property '\(property)'", range) }
            if symbolicNames, !(secureOutputs[resource]?.isEmpty ?? true) { return secureOutputValues(target) }
            return try moduleOutputs(target)
        }
        func guarded(_ expression: ARMExpression) throws(CompileFailure) -> (ARMExpression, Bool) {
            guard safe, let condition = model.resources[resource].ownCondition else { return (expression, false) }
            let environment = try environment(of: resource, index: target.index)
            return (.function("if", try convert(condition, environment), expression, .function("null")), true)
        }
        func guardedAccess(_ base: ARMExpression, _ name: String) throws(CompileFailure) -> ARMExpression {
            let (value, wrapped) = try guarded(base)
            return safe || wrapped ? .function("tryGet", value, .string(name)) : base.appending(.string(name))
        }
        switch property {
        case "id": return try guarded(try resourceID(resource, index: target.index)).0
        case "name" where model.resources[resource].module != nil && model.resources[resource].body?[property: "name"] == nil:
            return try guarded(generatedModuleName(resource, index: target.index)).0
        case "name":
            let environment = try environment(of: resource, index: target.index)
            return try guarded(try convert(try nameExpression(of: resource), environment)).0
        case "type": return .string(model.resources[resource].fullType)
        case "apiVersion": return try apiVersion(resource, range: range)
        case "properties" where !safe:
            if symbolicNames { return .function("reference", symbolicReference(resource, index: target.index)) }
            return .function("reference", try resourceID(resource, index: target.index), try apiVersion(resource, range: range))
        default:
            let referenced =
                symbolicNames ? symbolicReference(resource, index: target.index) : try resourceID(resource, index: target.index)
            return try guardedAccess(.function("reference", referenced, try apiVersion(resource, range: range), .string("full")), property)
        }
    }

    /// `r.listKeys()` → `listKeys(id, apiVersion)`; `r.listX(a, b)` → `listX(id, a, b)`.
    func resourceFunction(_ target: ResourceTarget, _ call: FunctionCall, _ environment: Environment) throws(CompileFailure)
        -> ARMExpression
    {
        guard call.name.name.lowercased().hasPrefix("list") else {
            throw unsupported("the resource function '\(call.name.name)'", call.range)
        }
        if target.isWholeCollection { throw unsupported("a function of a whole resource collection", call.range) }
        let id =
            symbolicNames ? symbolicReference(target.resource, index: target.index) : try resourceID(target.resource, index: target.index)
        if call.arguments.isEmpty {
            return .function(call.name.name, id, try apiVersion(target.resource, range: call.range))
        }
        var arguments = [id]
        for argument in call.arguments { arguments.append(try convert(argument, environment)) }
        return .function(call.name.name, arguments: arguments)
    }

    /// `reference(deploymentId, '2025-04-01').outputs`: a module's outputs object.
    func moduleOutputs(_ target: ResourceTarget) throws(CompileFailure) -> ARMExpression {
        if symbolicNames {
            return .function(target.isWholeCollection ? "references" : "reference", symbolicReference(target.resource, index: target.index))
                .appending(.string("outputs"))
        }
        return .function(
            "reference", try resourceID(target.resource, index: target.index), .string(SemanticModel.deploymentAPIVersion)
        ).appending(.string("outputs"))
    }

    /// The name of a declared resource group, at the index the scope gives (converted where the scope is used).
    func declaredResourceGroupName(_ group: Int, index: Expression?, _ environment: Environment) throws(CompileFailure)
        -> ARMExpression
    {
        let converted = try index.map { (i) throws(CompileFailure) in try convert(i, environment) }
        return try nameSegments(group, index: converted).last ?? .string("")
    }

    /// The name the compiler gives a module without `name`: `'<symbol>-${uniqueString('<symbol>', deployment().name)}'`
    /// (with `-${copyIndex()}` in a loop), the symbol cut so the whole fits ARM's 64 characters.
    func generatedModuleName(_ index: Int, index position: ARMExpression?) -> ARMExpression {
        let symbol = model.resources[index].symbolicName
        let isLoop = model.resources[index].ownLoop != nil
        let parameterCount = isLoop ? 2 : 1
        let prefixLength = 64 - (13 + (isLoop ? 3 : 0) + parameterCount)
        let prefix = String(symbol.prefix(prefixLength))
        let unique = ARMExpression.function(
            "uniqueString", .string(symbol), ARMExpression.function("deployment").appending(.string("name")))
        return isLoop
            ? .function("format", .string(prefix + "-{0}-{1}"), position ?? .copyIndex(nil), unique)
            : .function("format", .string(prefix + "-{0}"), unique)
    }
}
