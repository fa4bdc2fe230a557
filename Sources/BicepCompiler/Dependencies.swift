import BicepSyntax

/// What a declaration refers to that can carry a deployment dependency.
enum DependencyTarget: Hashable, Sendable {
    case resource(Int)
    case variable(String)
    case module(String)
}

/// One reference found in a declaration: the target and, for `r[i]` on a looped resource, the index syntax
/// (nil when the index uses variables declared inside the body, which makes it a dependency on the whole loop).
struct DependencyReference: Sendable {
    var target: DependencyTarget
    var index: Expression?
    /// Reads only the resource's identifiers (`id`, `name`, `type`, `apiVersion`), calls a function on it, or sits in
    /// the `parent:` or `scope:` property: the compiler's "weak" reference, which never makes an `existing`
    /// resource a dependency.
    var weak = false
}

/// The implicit `dependsOn` of resources, as the compiler's `ResourceDependencyVisitor` finds them: the parent, and
/// every resource or module referred to in the body, directly or through variables (and through `existing`
/// resources, which a languageVersion 1 template does not contain).
struct DependencyCollector {
    let model: SemanticModel
    private var references: [DependencyReference] = []
    /// Local names declared outside the body (the declaration's own loop) and inside it.
    private var outerLocals: Set<String> = []
    private var innerLocals: [Set<String>] = []
    private var visibleChildren: [String: Int] = [:]
    /// Set while walking an expression whose resource references are weak.
    private var weak = false

    init(model: SemanticModel) {
        self.model = model
    }

    /// The references of a resource's declaration (its loop, condition and body, not its nested resources).
    static func references(ofResource resource: Int, in model: SemanticModel, visibleChildren: [String: Int])
        -> [DependencyReference]
    {
        var collector = DependencyCollector(model: model)
        collector.visibleChildren = visibleChildren
        let symbol = model.resources[resource]
        if let parent = model.ancestors(of: resource).last {
            collector.references.append(
                DependencyReference(target: .resource(parent.resource), index: parent.index, weak: true))
        }
        switch symbol.syntax.body {
        case .object(let object): collector.walkObject(object)
        case .conditional(let condition, let object):
            collector.walk(condition)
            collector.walkObject(object)
        case .loop(let loop):
            collector.walk(loop.source)
            collector.outerLocals = Set([loop.item.name] + (loop.index.map { [$0.name] } ?? []))
            if let condition = loop.condition { collector.walk(condition) }
            if case .object(let object) = loop.body.kind { collector.walkObject(object) } else { collector.walk(loop.body) }
        }
        return collector.references
    }

    /// The references of a variable's value.
    static func references(ofVariable value: Expression, in model: SemanticModel) -> [DependencyReference] {
        var collector = DependencyCollector(model: model)
        collector.walk(value)
        return collector.references
    }

    private func isLocal(_ name: String) -> Bool { outerLocals.contains(name) || innerLocals.contains { $0.contains(name) } }

    private func usesInnerLocal(_ expression: Expression) -> Bool {
        var found = false
        func visit(_ expression: Expression) {
            if case .variable(let identifier) = expression.kind, innerLocals.contains(where: { $0.contains(identifier.name) }) {
                found = true
            }
            expression.forEachChild(visit)
        }
        visit(expression)
        return found
    }

    private func resourceNamed(_ name: String) -> Int? {
        if let child = visibleChildren[name] { return child }
        return [.resource, .module].contains(model.symbols[name]?.kind) ? model.topLevelResources[name] : nil
    }

    private mutating func walkObject(_ object: ObjectLiteral) {
        for item in object.items {
            switch item {
            case .property(let property):
                if case .string(let key) = property.key { key.interpolations.forEach { walk($0) } }
                let outer = weak
                if innerLocals.isEmpty, let name = property.key.name, name == "parent" || name == "scope" { weak = true }
                walk(property.value)
                weak = outer
            case .spread(let spread): walk(spread.expression)
            case .resource: break
            }
        }
    }

    private static let identifierProperties: Set<String> = ["id", "name", "type", "apiVersion"]

    /// Whether the expression names a resource or module (`r`, `r[i]`, `p::c`).
    private func isResourceExpression(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .variable(let identifier): !isLocal(identifier.name) && resourceNamed(identifier.name) != nil
        case .resourceAccess: true
        case .index(let base, _, _, _), .nonNullAssertion(let base), .parenthesized(let base): isResourceExpression(base)
        default: false
        }
    }

    private mutating func walkWeakly(_ expression: Expression) {
        let outer = weak
        weak = true
        walk(expression)
        weak = outer
    }

    private mutating func walk(_ expression: Expression) {
        switch expression.kind {
        case .variable(let identifier):
            guard !isLocal(identifier.name) else { return }
            if let resource = resourceNamed(identifier.name) {
                references.append(DependencyReference(target: .resource(resource), index: nil, weak: weak))
            } else if let symbol = model.symbols[identifier.name] {
                switch symbol.kind {
                case .variable: references.append(DependencyReference(target: .variable(identifier.name), index: nil))
                case .module: references.append(DependencyReference(target: .module(identifier.name), index: nil))
                default: break
                }
            }
        case .index(let base, let index, _, _):
            if case .variable(let identifier) = base.kind, !isLocal(identifier.name), let resource = resourceNamed(identifier.name),
                model.resources[resource].ownLoop != nil
            {
                references.append(
                    DependencyReference(target: .resource(resource), index: usesInnerLocal(index) ? nil : index, weak: weak))
                let outer = weak
                weak = false
                walk(index)
                weak = outer
                return
            }
            walk(base)
            walk(index)
        case .property(let base, let name, _) where isResourceExpression(base) && Self.identifierProperties.contains(name.name):
            walkWeakly(base)
        case .call(let call) where call.base.map(isResourceExpression) ?? false:
            if let base = call.base { walkWeakly(base) }
            call.arguments.forEach { walk($0) }
        case .resourceAccess:
            if let resource = model.resourceReference(expression) ?? resourceAccessTarget(expression) {
                references.append(DependencyReference(target: .resource(resource), index: nil, weak: weak))
            }
        case .lambda(let lambda):
            innerLocals.append(Set(lambda.parameters.map(\.name)))
            walk(lambda.body)
            innerLocals.removeLast()
        case .forLoop(let loop):
            walk(loop.source)
            innerLocals.append(Set([loop.item.name] + (loop.index.map { [$0.name] } ?? [])))
            if let condition = loop.condition { walk(condition) }
            walk(loop.body)
            innerLocals.removeLast()
        default:
            var children: [Expression] = []
            expression.forEachChild { children.append($0) }
            for child in children { walk(child) }
        }
    }

    /// `child::grandchild` starting from a nested resource visible by bare name.
    private func resourceAccessTarget(_ expression: Expression) -> Int? {
        switch expression.kind {
        case .variable(let identifier): return isLocal(identifier.name) ? nil : resourceNamed(identifier.name)
        case .resourceAccess(let base, let name):
            guard let parent = resourceAccessTarget(base) else { return nil }
            return model.resources[parent].children[name.name]
        default: return nil
        }
    }
}

extension Expression {
    /// Calls `body` with each direct sub-expression.
    func forEachChild(_ body: (Expression) -> Void) {
        switch kind {
        case .integer, .boolean, .null, .invalid, .variable: break
        case .string(let literal): literal.interpolations.forEach(body)
        case .call(let call):
            if let base = call.base { body(base) }
            call.arguments.forEach(body)
        case .property(let base, _, _), .resourceAccess(let base, _), .nonNullAssertion(let base), .parenthesized(let base),
            .unary(_, let base):
            body(base)
        case .index(let base, let index, _, _):
            body(base)
            body(index)
        case .binary(_, let left, let right):
            body(left)
            body(right)
        case .ternary(let condition, let then, let otherwise):
            body(condition)
            body(then)
            body(otherwise)
        case .lambda(let lambda): body(lambda.body)
        case .array(let items):
            for item in items {
                switch item {
                case .element(let element): body(element)
                case .spread(let spread): body(spread.expression)
                }
            }
        case .object(let object):
            for item in object.items {
                switch item {
                case .property(let property):
                    if case .string(let key) = property.key { key.interpolations.forEach(body) }
                    body(property.value)
                case .spread(let spread): body(spread.expression)
                case .resource: break
                }
            }
        case .forLoop(let loop):
            body(loop.source)
            if let condition = loop.condition { body(condition) }
            body(loop.body)
        }
    }
}
