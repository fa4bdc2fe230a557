import Foundation
import LocatedJSON
import PostureModel

/// Walks the `resources` of a template (arrays at any depth, or symbolic-name objects) and builds one
/// normalized ``Resource`` per declaration.
struct ResourceWalker {
    let evaluator: TemplateEvaluator
    let deploymentScope: String
    private(set) var resources: [Resource] = []
    /// Symbolic name → (full type, full name), for `parent` and `scope` references in languageVersion 2.0.
    private var symbols: [String: (type: ResourceType, name: String, id: String)] = [:]

    init(evaluator: TemplateEvaluator, deploymentScope: String) {
        self.evaluator = evaluator
        self.deploymentScope = deploymentScope
    }

    struct Parent {
        var type: ResourceType
        var name: String
        var id: String
    }

    private static let unevaluatedMembers: Set<String> = ["resources", "dependson", "copy", "condition", "existing", "parent", "scope"]

    mutating func walk(_ node: JSONValue, parent: Parent?) {
        switch node.kind {
        case .array(let declarations):
            for declaration in declarations { add(declaration, symbol: nil, parent: parent) }
        case .object(let members):
            // Symbolic names may be used as `parent` before they are declared: register types first.
            let ordered = orderedByParent(members)
            for member in ordered { add(member.value, symbol: member.key, parent: parent) }
        default:
            evaluator.report(InputProblem(
                .invalidTemplate, at: evaluator.location(node.position),
                "expected 'resources' to be an array, or an object of symbolic names (languageVersion 2.0), found \(node.kindDescription)"
            ))
        }
    }

    /// Declarations whose `parent` is another symbolic name come after that parent.
    private func orderedByParent(_ members: [JSONMember]) -> [JSONMember] {
        var placed: Set<String> = []
        var ordered: [JSONMember] = []
        var remaining = members
        while !remaining.isEmpty {
            let before = ordered.count
            remaining.removeAll { member in
                let parent = member.value[member: "parent"]?.stringValue?.lowercased()
                let known = members.contains { $0.key.caseInsensitiveEquals(parent ?? "") }
                guard parent == nil || !known || placed.contains(parent!) else { return false }
                ordered.append(member)
                placed.insert(member.key.lowercased())
                return true
            }
            if ordered.count == before { ordered += remaining; break }  // a cycle: keep source order
        }
        return ordered
    }

    private mutating func add(_ declaration: JSONValue, symbol: String?, parent: Parent?) {
        let here = evaluator.location(declaration.position)
        guard declaration.members != nil else {
            evaluator.report(InputProblem(.invalidTemplate, at: here, "expected a resource object, found \(declaration.kindDescription)"))
            return
        }
        if declaration[member: "existing"]?.kind == .bool(true) {
            registerExisting(declaration, symbol: symbol)
            return
        }
        if let condition = declaration[member: "condition"] {
            if evaluator.evaluate(condition).boolValue == false { return }
        }
        guard let typeNode = declaration[member: "type"] else {
            evaluator.report(InputProblem(.invalidTemplate, at: here, "expected a string 'type' such as \"Microsoft.CognitiveServices/accounts\" in this resource"))
            return
        }
        guard declaration[member: "name"] != nil else {
            evaluator.report(InputProblem(.invalidTemplate, at: here, "expected a 'name' in this \(typeNode.stringValue ?? "") resource"))
            return
        }
        // Every member is evaluated once; type and name are read back from the evaluated body.
        let isDeployment = typeNode.stringValue?.caseInsensitiveEquals("Microsoft.Resources/deployments") == true
        var members: [Value.Member] = []
        for member in declaration.members! where !Self.unevaluatedMembers.contains(member.key.lowercased()) {
            if isDeployment, member.key.caseInsensitiveEquals("properties") {
                // A nested template's expressions belong to its own scope; they are kept as written.
                members.append(Value.Member(key: member.key, value: Value(json: member.value, file: evaluator.file)))
            } else {
                members.append(Value.Member(key: member.key, value: evaluator.evaluate(member.value)))
            }
        }
        let evaluated = Value(.object(members), location: here)
        guard let writtenType = evaluated[member: "type"]?.stringValue else {
            evaluator.report(InputProblem(.invalidTemplate, at: evaluator.location(typeNode.position), "expected the resource 'type' to be a known string such as \"Microsoft.CognitiveServices/accounts\""))
            return
        }
        let writtenName = nameText(evaluated[member: "name"] ?? .null)
        var effectiveParent = parent
        if let parentSymbol = declaration[member: "parent"]?.stringValue, let entry = symbols[parentSymbol.lowercased()] {
            effectiveParent = Parent(type: entry.type, name: entry.name, id: entry.id)
        }
        var type = effectiveParent.map { $0.type.child(writtenType) } ?? ResourceType(writtenType)
        var name = writtenName
        if let effectiveParent, writtenName.split(separator: "/").count < type.segments.count {
            name = "\(effectiveParent.name)/\(writtenName)"
        }
        var scopeID = resolveScope(declaration)
        // The classic extension form: `Microsoft.X/accounts/providers/diagnosticSettings` named `acct/Microsoft.Insights/diag`.
        if let split = Self.splitProviderExtension(type: type, name: name, deploymentScope: deploymentScope) {
            type = split.type
            name = split.name
            scopeID = split.scopeID
        }
        // A top-level name is one segment even when it is an unknown expression that contains '/'.
        let nameSegments = type.segments.count == 1 ? [name] : name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let id = ResourceID.make(scope: scopeID ?? deploymentScope, type: type, names: nameSegments)
        if let symbol { symbols[symbol.lowercased()] = (type, name, id) }

        // As in Azure Policy, the `type` and `name` fields read the full type and name.
        for index in members.indices {
            if members[index].key.caseInsensitiveEquals("type") {
                members[index].value = Value(.string(type.name), location: members[index].value.location)
            } else if members[index].key.caseInsensitiveEquals("name"), !members[index].value.isUnknown {
                members[index].value = Value(.string(name), location: members[index].value.location)
            }
        }
        if let scopeID { members.append(Value.Member(key: "scope", value: Value(.string(scopeID), location: here))) }
        let body = Value(.object(members), location: here)
        let apiVersion = body[member: "apiVersion"]?.stringValue
        resources.append(Resource(
            type: type, name: name, id: id, apiVersion: apiVersion, body: body,
            parentID: type.parent != nil && scopeID == nil ? ResourceID.parent(of: id) : nil,
            scopeID: scopeID, source: here, origin: .arm
        ))
        if let children = declaration[member: "resources"] {
            walk(children, parent: Parent(type: type, name: name, id: id))
        }
    }

    private mutating func registerExisting(_ declaration: JSONValue, symbol: String?) {
        guard let symbol, let type = declaration[member: "type"]?.stringValue, let nameNode = declaration[member: "name"] else { return }
        let name = nameText(evaluator.evaluate(nameNode))
        let id = ResourceID.make(scope: deploymentScope, type: ResourceType(type), names: name.split(separator: "/").map(String.init))
        symbols[symbol.lowercased()] = (ResourceType(type), name, id)
    }

    /// A name as text: known names as written, unknown ones as their expression so they stay recognisable.
    private func nameText(_ value: Value) -> String {
        if let text = value.stringValue { return text }
        if let unknown = value.unknown { return unknown.expression }
        return value.displayText
    }

    /// The id an extension resource applies to, from its `scope`: a symbolic name, a full id, or a
    /// relative `Microsoft.X/type/name` id inside the deployment's resource group.
    private func resolveScope(_ declaration: JSONValue) -> String? {
        guard let scopeNode = declaration[member: "scope"] else { return nil }
        if let symbol = scopeNode.stringValue, let entry = symbols[symbol.lowercased()] { return entry.id }
        let value = evaluator.evaluate(scopeNode)
        if let unknown = value.unknown { return unknown.expression }
        guard let text = value.stringValue else { return nil }
        if text.hasPrefix("/") { return text }
        return "\(deploymentScope)/providers/\(text)"
    }

    static func splitProviderExtension(type: ResourceType, name: String, deploymentScope: String) -> (type: ResourceType, name: String, scopeID: String)? {
        let typeParts = type.name.split(separator: "/").map(String.init)
        guard let providersIndex = typeParts.firstIndex(where: { $0.caseInsensitiveEquals("providers") }), providersIndex >= 2 else { return nil }
        let nameParts = name.split(separator: "/").map(String.init)
        let targetTypeSegments = providersIndex - 1
        guard nameParts.count == targetTypeSegments + 1 + (typeParts.count - providersIndex - 1) else { return nil }
        let targetType = ResourceType(typeParts[..<providersIndex].joined(separator: "/"))
        let scopeID = ResourceID.make(scope: deploymentScope, type: targetType, names: Array(nameParts[..<targetTypeSegments]))
        let extensionNamespace = nameParts[targetTypeSegments]
        let extensionType = ResourceType(([extensionNamespace] + typeParts[(providersIndex + 1)...]).joined(separator: "/"))
        let extensionName = nameParts[(targetTypeSegments + 1)...].joined(separator: "/")
        return (extensionType, extensionName, scopeID)
    }

    /// The resources with parent and child links filled in.
    func linkedResources() -> [Resource] {
        var linked = resources
        var indexByID: [String: Int] = [:]
        for (index, resource) in linked.enumerated() { indexByID[resource.id.lowercased()] = index }
        for index in linked.indices {
            guard let parentID = linked[index].parentID, let parentIndex = indexByID[parentID.lowercased()] else { continue }
            linked[parentIndex].childIDs.append(linked[index].id)
        }
        return linked
    }
}
