public import BicepSyntax
public import SourceModel

/// What one `.bicep` file declares: its symbol table, target scope and resources, with a diagnostic for each
/// duplicate name, unknown symbol, unknown function and unknown namespace (file:line:column, what was expected,
/// what was found).
public struct SemanticModel: Sendable {
    public let tree: SyntaxTree
    /// The top-level symbols that expressions can name (outputs and metadata live apart: see ``outputs``).
    public private(set) var symbols: [String: Symbol] = [:]
    /// The outputs, by name.
    public private(set) var outputs: [String: Symbol] = [:]
    public private(set) var targetScope: TargetScope = .resourceGroup
    public private(set) var diagnostics: [Diagnostic] = []
    var resources: [ResourceSymbol] = []
    /// Top-level resources by name.
    var topLevelResources: [String: Int] = [:]
    var variables: [String: VariableDeclaration] = [:]

    public var file: String { tree.file }

    /// Builds the model of a parsed file.
    public init(tree: SyntaxTree) {
        self.tree = tree
        for declaration in tree.declarations { declare(declaration) }
        resolveParents()
        var checker = ReferenceChecker(model: self)
        checker.checkAll()
        diagnostics += checker.diagnostics
    }

    /// The symbol an expression's bare name refers to at the top level.
    public func symbol(named name: String) -> Symbol? { symbols[name] }

    private mutating func declare(_ declaration: Declaration) {
        switch declaration.kind {
        case .targetScope(let expression):
            if case .string(let literal) = expression.kind, let value = literal.value, let scope = TargetScope(rawValue: value) {
                targetScope = scope
            } else {
                report(
                    .invalidBicep, at: expression.range,
                    "expected 'resourceGroup', 'subscription', 'managementGroup' or 'tenant' as the target scope")
            }
        case .parameter(let parameter): add(parameter.name, .parameter)
        case .variable(let variable):
            add(variable.name, .variable)
            variables[variable.name.name] = variable
        case .type(let name, _): add(name, .type)
        case .function(let function): add(function.name, .function)
        case .module(let module):
            add(module.name, .module)
            topLevelResources[module.name.name] = addModule(declaration, module)
        case .output(let output):
            if let existing = outputs[output.name.name] {
                reportDuplicate(output.name, existing)
            } else {
                outputs[output.name.name] = Symbol(name: output.name.name, kind: .output, range: output.name.range)
            }
        case .resource(let resource):
            add(resource.name, .resource)
            topLevelResources[resource.name.name] = addResource(declaration, resource, nestedParent: nil)
        case .compileTimeImport(let compileTimeImport):
            switch compileTimeImport.symbols {
            case .named(let imported):
                for symbol in imported {
                    if let alias = symbol.alias {
                        add(alias, .importedSymbol)
                    } else if case .identifier(let identifier) = symbol.name {
                        add(identifier, .importedSymbol)
                    }
                }
            case .wildcard(let alias): add(alias, .importNamespace)
            }
        case .extension(let declaration):
            if let alias = declaration.alias {
                add(alias, .extensionAlias)
            } else if case .identifier(let identifier) = declaration.specification {
                add(identifier, .extensionAlias)
            }
        case .metadata, .parameterAssignment, .extensionConfig, .using, .extends, .test, .assert: break
        }
    }

    private mutating func add(_ name: Identifier, _ kind: Symbol.Kind) {
        if let existing = symbols[name.name] {
            reportDuplicate(name, existing)
            return
        }
        symbols[name.name] = Symbol(name: name.name, kind: kind, range: name.range)
    }

    private mutating func reportDuplicate(_ name: Identifier, _ existing: Symbol) {
        report(
            .duplicateSymbol, at: name.range,
            "'\(name.name)' is declared more than once: expected a new name, found the \(existing.kind.rawValue) declared at \(existing.range.start)"
        )
    }

    mutating func report(_ code: Diagnostic.Code, at range: SourceRange, _ message: String) {
        diagnostics.append(Diagnostic(code, at: range.location(in: file), message))
    }

    /// Records a resource and, depth first, the resources nested in its body.
    private mutating func addResource(_ declaration: Declaration, _ resource: ResourceDeclaration, nestedParent: Int?) -> Int {
        let index = resources.count
        let typeText = resource.type.value ?? ""
        let (typeName, apiVersion) = Self.splitType(typeText)
        var fullType = typeName
        var version = apiVersion
        var symbolicName = resource.name.name
        if let nestedParent {
            let parent = resources[nestedParent]
            fullType = parent.fullType + "/" + typeName
            version = apiVersion ?? parent.apiVersion
            symbolicName = parent.symbolicName + "::" + resource.name.name
        }
        fullType = ResourceTypeNames.canonical(fullType, apiVersion: version)
        resources.append(
            ResourceSymbol(
                index: index, name: resource.name, symbolicName: symbolicName, declaration: declaration, syntax: resource,
                fullType: fullType, apiVersion: version, nestedParent: nestedParent))
        for item in resource.body.object?.items ?? [] {
            guard case .resource(let child) = item, case .resource(let childResource) = child.kind else { continue }
            if resources[index].children[childResource.name.name] != nil {
                report(
                    .duplicateSymbol, at: childResource.name.range,
                    "'\(childResource.name.name)' is declared more than once in this resource")
                continue
            }
            let childIndex = addResource(child, childResource, nestedParent: index)
            resources[index].children[childResource.name.name] = childIndex
        }
        return index
    }

    /// Records a module as the nested deployment it becomes, so that names, ids, loops, conditions and
    /// `dependsOn` treat it as the resource it is in the template.
    private mutating func addModule(_ declaration: Declaration, _ module: ModuleDeclaration) -> Int {
        let index = resources.count
        let type = StringLiteral(
            segments: [Self.deploymentType + "@" + Self.deploymentAPIVersion], interpolations: [], isMultiLine: false,
            range: module.path.range)
        let syntax = ResourceDeclaration(name: module.name, type: type, isExisting: false, body: module.body)
        resources.append(
            ResourceSymbol(
                index: index, name: module.name, symbolicName: module.name.name, declaration: declaration, syntax: syntax,
                fullType: Self.deploymentType, apiVersion: Self.deploymentAPIVersion, nestedParent: nil, module: module))
        return index
    }

    /// The resource type and API version of the nested deployment a module becomes (the compiler's
    /// `NestedDeploymentResourceApiVersion`).
    static let deploymentType = "Microsoft.Resources/deployments"
    static let deploymentAPIVersion = "2025-04-01"

    /// `'Microsoft.X/y@2024-01-01'` → (`Microsoft.X/y`, `2024-01-01`).
    static func splitType(_ text: String) -> (type: String, apiVersion: String?) {
        guard let at = text.firstIndex(of: "@") else { return (text, nil) }
        return (String(text[..<at]), String(text[text.index(after: at)...]))
    }

    /// Resolves each `parent:` property to the resource it names.
    private mutating func resolveParents() {
        for index in resources.indices where resources[index].module == nil {
            guard let property = resources[index].body?[property: "parent"] else { continue }
            var expression = property.value
            var indexExpression: Expression?
            if case .index(let base, let position, _, _) = expression.kind {
                expression = base
                indexExpression = position
            }
            if let target = resourceReference(expression) {
                resources[index].explicitParent = (target, indexExpression)
            } else {
                report(.invalidBicep, at: property.value.range, "expected a resource symbol as 'parent', found another expression")
            }
        }
    }

    /// The resource a bare name or `a::b` chain names at the top level.
    func resourceReference(_ expression: Expression) -> Int? {
        switch expression.kind {
        case .variable(let identifier): return topLevelResources[identifier.name]
        case .resourceAccess(let base, let name):
            guard let parent = resourceReference(base) else { return nil }
            return resources[parent].children[name.name]
        case .parenthesized(let inner), .nonNullAssertion(let inner): return resourceReference(inner)
        default: return nil
        }
    }

    /// The resource's ancestors, root first, each with the index expression used to reach it and whether it is
    /// the syntactic parent (nested) rather than named with `parent:`.
    func ancestors(of resource: Int) -> [(resource: Int, index: Expression?, nested: Bool)] {
        var chain: [(resource: Int, index: Expression?, nested: Bool)] = []
        var current = resource
        var seen: Set<Int> = [resource]
        while true {
            let symbol = resources[current]
            let next: (resource: Int, index: Expression?, nested: Bool)
            if let parent = symbol.nestedParent {
                next = (parent, nil, true)
            } else if let parent = symbol.explicitParent {
                next = (parent.resource, parent.index, false)
            } else {
                break
            }
            guard seen.insert(next.resource).inserted else { break }
            chain.insert(next, at: 0)
            current = next.resource
        }
        return chain
    }
}
