import SourceModel
import Foundation
import LocatedJSON
import PostureModel

/// Expands the `resources` of one template (the root, or a nested deployment's) into normalized resources:
/// arrays at any depth and symbolic-name objects, child naming, conditions, copy loops, `existing`
/// references, extension scopes and nested deployments with their outputs. Resources reached through
/// `reference()` before their turn are expanded on demand.
final class DeploymentExpander {
    let evaluator: TemplateEvaluator
    let depth: Int
    var session: EvaluationSession { evaluator.session }
    private var scope: DeploymentScope { evaluator.deploymentScope }

    struct Parent {
        var type: ResourceType
        var name: String
        var id: String
    }

    private enum State {
        case pending
        case expanding
        case done
    }

    private struct Declaration {
        var json: JSONValue
        var symbol: String?
        var state: State = .pending
    }

    private var declarations: [Declaration] = []
    /// What `reference()` returns for each resource of this template, by lower-cased id and symbol.
    private var referenceValues: [String: Value] = [:]
    private var symbols: [String: Parent] = [:]
    /// Resources this template deploys (its nested deployments' not included), against ARM's 800.
    private var deployedCount = 0

    init(evaluator: TemplateEvaluator, depth: Int) {
        self.evaluator = evaluator
        self.depth = depth
        evaluator.references = { [unowned self] target in self.resolve(target) }
    }

    static let unevaluatedMembers: Set<String> = [
        "resources", "dependson", "copy", "condition", "existing", "parent", "scope", "comments", "metadata",
    ]

    /// Expands a `resources` array or symbolic-name object.
    func expand(_ node: JSONValue) {
        switch node.kind {
        case .array(let items):
            declarations = items.map { Declaration(json: $0) }
        case .object(let members):
            declarations = members.map { Declaration(json: $0.value, symbol: $0.key) }
        default:
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, at: evaluator.location(node.position),
                    "expected 'resources' to be an array, or an object of symbolic names (languageVersion 2.0), found \(node.kindDescription)"
                ))
            return
        }
        for index in declarations.indices { expandDeclaration(at: index) }
        checkResourceCount(deployedCount, at: node.position)
    }

    private func expandDeclaration(at index: Int) {
        guard declarations[index].state == .pending else { return }
        declarations[index].state = .expanding
        let declaration = declarations[index]
        // A `parent` symbol must be expanded first so the child can be named after it.
        if let parentSymbol = declaration.json[member: "parent"]?.stringValue,
            let parentIndex = declarations.firstIndex(where: { $0.symbol?.caseInsensitiveEquals(parentSymbol) == true })
        {
            expandDeclaration(at: parentIndex)
        }
        add(declaration.json, symbol: declaration.symbol, parent: nil)
        declarations[index].state = .done
    }

    // MARK: - One declaration

    private func add(_ declaration: JSONValue, symbol: String?, parent: Parent?) {
        let here = evaluator.location(declaration.position)
        guard declaration.members != nil else {
            evaluator.report(Diagnostic(.invalidTemplate, at: here, "expected a resource object, found \(declaration.kindDescription)"))
            return
        }
        guard let copy = declaration[member: "copy"] else {
            addInstance(declaration, symbol: symbol, parent: parent)
            return
        }
        let loop = copy[member: "name"]?.stringValue ?? symbol ?? "copy"
        switch evaluator.copyCount(copy[member: "count"], loop: loop, at: copy.position) {
        case .known(let count):
            _ = evaluator.iterate(loop, count: count, alsoUnnamed: true) {
                addInstance(declaration, symbol: nil, parent: parent)
            }
        case .unknown(let count):
            // One instance stands for all of them; its copyIndex() is unknown.
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, .note, at: here,
                    "copy loop '\(loop)' has a count known only at deployment; one instance is judged for all"))
            evaluator.withUnknownIndex(loop, count: count) { addInstance(declaration, symbol: nil, parent: parent) }
        case .invalid:
            return
        }
    }

    private func addInstance(_ declaration: JSONValue, symbol: String?, parent: Parent?) {
        let here = evaluator.location(declaration.position)
        var condition = DeploymentCondition.met
        if let conditionNode = declaration[member: "condition"] {
            let value = evaluator.evaluate(conditionNode)
            if let unknown = value.unknown {
                condition = .unknown(unknown)
            } else if value.boolValue == false {
                condition = .notMet
            } else if value.boolValue == nil {
                evaluator.report(
                    Diagnostic(
                        .invalidTemplate, .warning, at: evaluator.location(conditionNode.position),
                        "expected 'condition' to be a boolean, found \(value.kindName)"))
            }
        }
        if declaration[member: "existing"]?.kind == .bool(true) {
            if case .notMet = condition { return }
            registerExisting(declaration, symbol: symbol, parent: parent)
            return
        }
        guard let typeNode = declaration[member: "type"] else {
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, at: here, "expected a string 'type' such as \"Microsoft.CognitiveServices/accounts\" in this resource"
                ))
            return
        }
        guard let nameNode = declaration[member: "name"] else {
            evaluator.report(Diagnostic(.invalidTemplate, at: here, "expected a 'name' in this \(typeNode.stringValue ?? "") resource"))
            return
        }
        guard let writtenType = evaluator.evaluate(typeNode).stringValue else {
            evaluator.report(
                Diagnostic(
                    .invalidTemplate, at: evaluator.location(typeNode.position),
                    "expected the resource 'type' to be a known string such as \"Microsoft.CognitiveServices/accounts\""))
            return
        }
        // A resource that is not deployed is listed by name only, and its name may not even evaluate (it often
        // reads an optional parameter that the condition tested), so its problems are not reported.
        let nameValue = condition == .notMet ? session.withoutReporting { evaluator.evaluate(nameNode) } : evaluator.evaluate(nameNode)
        var (type, name, extensionScope) = identity(
            writtenType: writtenType, name: Self.nameText(nameValue), declaration: declaration, parent: parent)
        if let split = Self.splitProviderExtension(type: type, name: name, deploymentScopeID: scope.id) {
            (type, name, extensionScope) = (split.type, split.name, ScopeReference(id: split.scopeID))
        }
        let scopeID = extensionScope?.id
        // Problems in `subscriptionId` or `resourceGroup` are reported where the nested deployment is expanded (if it is).
        let home = session.withoutReporting { homeScopeID(of: declaration, type: type) }
        let id = Self.id(type: type, name: name, scopeID: scopeID ?? home)
        let node = Parent(type: type, name: name, id: id)
        if let symbol { symbols[symbol.lowercased()] = node }

        if case .notMet = condition {
            // Not deployed: nothing else is evaluated, as in ARM, so a reference() inside it never fires.
            session.skipped.append(
                Resource(type: type, name: name, id: id, body: Value(.object([])), source: here, origin: .arm, condition: .notMet))
            return
        }

        if case .unknown = condition {
            // As with if(): what a resource that may not be deployed computes may fail only in the case where it
            // is not deployed, so its problems are not reported.
            session.withoutReporting {
                deploy(
                    declaration, symbol: symbol, type: type, name: name, id: id, node: node, nameValue: nameValue,
                    extensionScope: extensionScope, condition: condition, here: here)
            }
        } else {
            deploy(
                declaration, symbol: symbol, type: type, name: name, id: id, node: node, nameValue: nameValue,
                extensionScope: extensionScope, condition: condition, here: here)
        }
    }

    private func deploy(
        _ declaration: JSONValue, symbol: String?, type: ResourceType, name: String, id: String, node: Parent,
        nameValue: Value, extensionScope: ScopeReference?, condition: DeploymentCondition, here: SourceLocation
    ) {
        let scopeID = extensionScope?.id
        let isDeployment = type == "Microsoft.Resources/deployments"
        var members: [Value.Member] = []
        for member in declaration.members! where !Self.unevaluatedMembers.contains(member.key.lowercased()) {
            switch member.key.lowercased() {
            case "type":
                members.append(
                    Value.Member(key: member.key, value: Value(.string(type.name), location: evaluator.location(member.value.position))))
            case "name":
                members.append(
                    Value.Member(
                        key: member.key, value: nameValue.isUnknown ? nameValue : Value(.string(name), location: nameValue.location)))
            case "properties" where isDeployment:
                members.append(Value.Member(key: member.key, value: deploymentProperties(member.value)))
            default:
                members.append(Value.Member(key: member.key, value: evaluator.evaluate(member.value)))
            }
        }
        if let extensionScope {
            members.append(Value.Member(key: "scope", value: extensionScope.unknown ?? Value(.string(extensionScope.id), location: here)))
        }
        let body = boundedBody(Value(.object(members), location: here), type: type, name: name, here: here)
        deployedCount += 1
        session.resources.append(
            Resource(
                type: type, name: name, id: id, apiVersion: body[member: "apiVersion"]?.stringValue, body: body,
                parentID: type.parent != nil && scopeID == nil ? ResourceID.parent(of: id) : nil,
                scopeID: scopeID, source: here, origin: .arm, condition: condition
            ))
        var referenceValue = body[member: "properties"] ?? Value(.object([]))
        if isDeployment {
            referenceValue = expandNestedDeployment(declaration, body: body, id: id)
        }
        store(referenceValue, full: body, id: id, symbol: symbol, name: name)
        if let children = declaration[member: "resources"] {
            guard let items = children.elements else {
                evaluator.report(
                    Diagnostic(.invalidTemplate, at: evaluator.location(children.position), "expected the child 'resources' to be an array")
                )
                return
            }
            for child in items { add(child, symbol: nil, parent: node) }
        }
    }

    /// Full type, full name and extension scope of a declaration, given its parent (nested, or `parent:`).
    private func identity(writtenType: String, name writtenName: String, declaration: JSONValue, parent: Parent?) -> (
        ResourceType, String, ScopeReference?
    ) {
        var effectiveParent = parent
        if let parentSymbol = declaration[member: "parent"]?.stringValue, let entry = symbols[parentSymbol.lowercased()] {
            effectiveParent = entry
        }
        let type = effectiveParent.map { $0.type.child(writtenType) } ?? ResourceType(writtenType)
        var name = writtenName
        if let effectiveParent, writtenName.split(separator: "/").count < type.segments.count {
            name = "\(effectiveParent.name)/\(writtenName)"
        }
        return (type, name, resolveScope(declaration))
    }

    /// The scope a resource is created in, when it has no extension `scope`: the deployment's, except for a nested
    /// deployment with its own `subscriptionId` or `resourceGroup`, which ARM creates there (so that
    /// `reference(extensionResourceId('/subscriptions/s/resourceGroups/g', 'Microsoft.Resources/deployments', 'x'))`
    /// reads its outputs).
    private func homeScopeID(of declaration: JSONValue, type: ResourceType) -> String {
        guard type == "Microsoft.Resources/deployments" else { return scope.id }
        let subscription = declaration[member: "subscriptionId"].map { evaluator.evaluate($0) }.flatMap(TemplateEvaluator.symbolicText)
        let group = declaration[member: "resourceGroup"].map { evaluator.evaluate($0) }.flatMap(TemplateEvaluator.symbolicText)
        guard subscription != nil || group != nil else { return scope.id }
        var home = scope
        if let subscription {
            home.subscriptionID = subscription
            home.level = .subscription
        }
        if let group {
            home.resourceGroup = group
            home.level = .resourceGroup
        }
        return home.id
    }

    private func registerExisting(_ declaration: JSONValue, symbol: String?, parent: Parent?) {
        guard let typeNode = declaration[member: "type"], let writtenType = evaluator.evaluate(typeNode).stringValue,
            let nameNode = declaration[member: "name"]
        else { return }
        let (type, name, extensionScope) = identity(
            writtenType: writtenType, name: Self.nameText(evaluator.evaluate(nameNode)), declaration: declaration, parent: parent)
        let scopeID = extensionScope?.id
        // An existing resource in another resource group or subscription names them.
        var home = scope
        if let subscription = declaration[member: "subscriptionId"].map({ evaluator.evaluate($0) }).flatMap(TemplateEvaluator.symbolicText)
        {
            home.subscriptionID = subscription
        }
        if let group = declaration[member: "resourceGroup"].map({ evaluator.evaluate($0) }).flatMap(TemplateEvaluator.symbolicText) {
            home.resourceGroup = group
            home.level = .resourceGroup
        }
        let id = Self.id(type: type, name: name, scopeID: scopeID ?? home.id)
        if let symbol { symbols[symbol.lowercased()] = Parent(type: type, name: name, id: id) }
        // Its properties are not in the template: every property read through reference() is unknown.
        store(Value(.object([])), full: Value(.object([])), id: id, symbol: symbol, name: name)
    }

    private func store(_ value: Value, full: Value, id: String, symbol: String?, name: String) {
        referenceValues[id.lowercased()] = value
        referenceValues["full:" + id.lowercased()] = full
        if let symbol {
            referenceValues["symbol:" + symbol.lowercased()] = value
            referenceValues["full-symbol:" + symbol.lowercased()] = full
        }
        referenceValues["name:" + name.lowercased()] = value
    }

    /// A name as text: known names as written, unknown ones as their expression so they stay recognisable.
    static func nameText(_ value: Value) -> String {
        if let text = value.stringValue { return text }
        if let unknown = value.unknown { return unknown.expression }
        return value.displayText
    }

    static func id(type: ResourceType, name: String, scopeID: String) -> String {
        // A top-level name is one segment even when it is an unknown expression that contains '/'.
        let segments = type.segments.count == 1 ? [name] : name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return ResourceID.make(scope: scopeID, type: type, names: segments)
    }

    /// The id an extension resource applies to, from its `scope`: a symbolic name, a full id, or a relative
    /// `Microsoft.X/type/name` id inside the deployment's resource group.
    private func resolveScope(_ declaration: JSONValue) -> ScopeReference? {
        guard let scopeNode = declaration[member: "scope"] else { return nil }
        if let symbol = scopeNode.stringValue, let entry = symbols[symbol.lowercased()] { return ScopeReference(id: entry.id) }
        let value = evaluator.evaluate(scopeNode)
        if let unknown = value.unknown { return ScopeReference(id: unknown.expression, unknown: value) }
        guard let text = value.stringValue else { return nil }
        if text.hasPrefix("/") { return ScopeReference(id: text) }
        return ScopeReference(id: "\(scope.id)/providers/\(text)")
    }

    /// The resource an extension resource applies to. An unknown scope keeps a symbolic id for naming, and
    /// stays unknown in the resource's `scope` field, so rules that follow it say "unknown", not "no".
    struct ScopeReference {
        var id: String
        var unknown: Value?
    }

    static func splitProviderExtension(type: ResourceType, name: String, deploymentScopeID: String) -> (
        type: ResourceType, name: String, scopeID: String
    )? {
        let typeParts = type.name.split(separator: "/").map(String.init)
        guard let providersIndex = typeParts.firstIndex(where: { $0.caseInsensitiveEquals("providers") }), providersIndex >= 2 else {
            return nil
        }
        let nameParts = name.split(separator: "/").map(String.init)
        let targetTypeSegments = providersIndex - 1
        guard nameParts.count == targetTypeSegments + 1 + (typeParts.count - providersIndex - 1) else { return nil }
        let targetType = ResourceType(typeParts[..<providersIndex].joined(separator: "/"))
        let scopeID = ResourceID.make(scope: deploymentScopeID, type: targetType, names: Array(nameParts[..<targetTypeSegments]))
        let extensionType = ResourceType(([nameParts[targetTypeSegments]] + typeParts[(providersIndex + 1)...]).joined(separator: "/"))
        let extensionName = nameParts[(targetTypeSegments + 1)...].joined(separator: "/")
        return (extensionType, extensionName, scopeID)
    }

    // MARK: - reference()

    private func resolve(_ target: ReferenceTarget) -> Value? {
        let prefix = target.full ? "full:" : ""
        let key = target.name.lowercased()
        if target.isID {
            if let value = referenceValues[prefix + key] { return value }
            expandPending { candidate in
                let home = session.withoutReporting { homeScopeID(of: candidate.2, type: candidate.0) }
                return Self.id(type: candidate.0, name: candidate.1, scopeID: home).lowercased() == key
            }
            return referenceValues[prefix + key]
        }
        let symbolKey = (target.full ? "full-symbol:" : "symbol:") + key
        if let value = referenceValues[symbolKey] ?? (target.full ? nil : referenceValues["name:" + key]) { return value }
        if let index = declarations.firstIndex(where: { $0.symbol?.lowercased() == key }) {
            expandDeclaration(at: index)
            return referenceValues[symbolKey]
        }
        expandPending { $0.1.lowercased() == key }
        return target.full ? nil : referenceValues["name:" + key]
    }

    /// Expands, ahead of its turn, the first pending top-level declaration whose type and name match.
    private func expandPending(where matches: ((ResourceType, String, JSONValue)) -> Bool) {
        for index in declarations.indices where declarations[index].state == .pending {
            let json = declarations[index].json
            guard let type = json[member: "type"].flatMap({ evaluator.evaluate($0).stringValue }),
                let nameNode = json[member: "name"]
            else { continue }
            let name = session.withoutReporting { Self.nameText(evaluator.evaluate(nameNode)) }
            if matches((ResourceType(type), name, json)) {
                expandDeclaration(at: index)
                return
            }
        }
    }
}
