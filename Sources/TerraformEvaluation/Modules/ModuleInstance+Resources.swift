import HCLSyntax
import TerraformModel

extension ModuleInstance {
    /// A resource's or data source's value as references see it (an object, a tuple of them for `count`, an
    /// object of them for `for_each`), its instances recorded on the way.
    func resourceValue(_ resource: ModuleDeclarations.Resource) -> TerraformValue {
        memoized(resource.reference, declaredAt: resource.block.type.range) { expand(resource) }
    }

    private func expand(_ resource: ModuleDeclarations.Resource) -> TerraformValue {
        let base = evaluator
        let expansion = InstanceExpansion.of(resource.block, evaluator: base)
        let provider = providerName(of: resource)
        let majorVersion = session.rootProviderVersions[provider] ?? declarations.providerMajorVersions[provider]
        var objects: [(key: TerraformResourceInstance.InstanceKey?, value: TerraformValue)] = []
        var instances: [TerraformResourceInstance] = []
        for expanded in expansion.instances {
            var scoped = base
            for (name, value) in expanded.bindings {
                scoped = scoped.binding(name, to: value, computedReason: name == "each" ? expanded.computedReason : nil)
            }
            scoped = scoped.binding("self", to: .unknown("self", reason: "known after apply"))
            var body = BodyEvaluation(evaluator: scoped)
            let attributes = body.object(of: resource.block.body, skipping: BodyEvaluation.resourceMetaArguments, at: resource.block)
            instances.append(
                TerraformResourceInstance(
                    mode: resource.mode, type: resource.type, name: resource.name, moduleAddress: address, key: expanded.key,
                    attributes: attributes, location: resource.block.range.location, provider: provider,
                    providerMajorVersion: majorVersion, source: .configuration))
            objects.append((expanded.key, referenceObject(resource, key: expanded.key, attributes: attributes)))
        }
        instancesByResource[resource.reference] = instances
        let location = resource.block.range.location
        switch expansion.kind {
        case .single: return objects.first?.value ?? .null
        case .counted: return .tuple(objects.map(\.value), at: location)
        case .keyed:
            var members: [String: TerraformValue] = [:]
            for (key, value) in objects { if case .key(let name) = key { members[name] = value } }
            return .object(members, at: location)
        case .unknown(let unknown): return .unknown(resource.reference, reason: unknown.reason, at: location)
        }
    }

    /// An instance as references see it: its attributes, and an `id` (the ARM id when the identifier knows the type,
    /// otherwise known after apply).
    private func referenceObject(
        _ resource: ModuleDeclarations.Resource, key: TerraformResourceInstance.InstanceKey?, attributes: TerraformValue
    ) -> TerraformValue {
        var members = attributes.members ?? [:]
        let reason = resource.mode == .data ? Self.dataSourceReason : "known after apply"
        guard members["id"] == nil else {
            var object = attributes
            object.unwrittenAttributesReason = reason
            return object
        }
        let reference = resource.reference + (key?.description ?? "")
        if resource.mode == .managed, let id = session.identifier?.armID(type: resource.type, attributes: attributes) {
            members["id"] = .string(id, at: resource.block.range.location)
        } else {
            members["id"] = .unknown(reference + ".id", reason: reason, at: resource.block.range.location)
        }
        var object = TerraformValue(.object(members), location: attributes.location)
        object.unwrittenAttributesReason = reason
        return object
    }

    /// The provider's local name: the `provider` argument's (`azurerm.westus` → `azurerm`), else the type's prefix.
    private func providerName(of resource: ModuleDeclarations.Resource) -> String {
        if let expression = resource.block.body.attribute("provider")?.value {
            switch expression.kind {
            case .variable(let name): return name
            case .attributeAccess(let base, _): if case .variable(let name) = base.kind { return name }
            default: break
            }
        }
        return String(resource.type.prefix { $0 != "_" })
    }
}
