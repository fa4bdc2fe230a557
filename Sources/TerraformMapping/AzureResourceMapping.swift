import Foundation
public import PostureModel
public import SourceModel
public import TerraformModel

/// Turns azurerm, azapi and azuread resource instances into ARM-shaped resources that the rules judge unchanged.
///
/// What each Terraform type becomes is data: the bundled `Mappings/*.yaml` files give, per type, the ARM type,
/// where the resource sits (its id), and per attribute the ARM path, a transform from a small fixed set, and the
/// provider's defaults per azurerm major version. Defaults are applied to configurations only: a plan already
/// carries the provider's values.
public struct AzureResourceMapping: TerraformResourceIdentifier {
    let catalog: MappingCatalog

    /// Loads the bundled mapping files.
    /// - Throws: ``MappingError`` at the position of the first problem in a mapping file.
    public init() throws(MappingError) {
        guard let folder = Bundle.module.url(forResource: "Mappings", withExtension: nil) else {
            throw MappingError(at: SourceLocation(file: "Mappings", line: 1, column: 1), "the bundled Terraform mappings are missing")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        guard !names.isEmpty else {
            throw MappingError(
                at: SourceLocation(file: folder.path, line: 1, column: 1), "the bundled Terraform mappings folder has no .yaml files")
        }
        var files: [(file: String, text: String)] = []
        for name in names {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
                throw MappingError(
                    at: SourceLocation(file: "builtin:\(name)", line: 1, column: 1), "the mapping file cannot be read as UTF-8")
            }
            files.append(("builtin:\(name)", text))
        }
        try self.init(mappings: files)
    }

    /// Loads mapping files given as text (`file` names them in messages).
    /// - Throws: ``MappingError`` at the position of the first problem.
    public init(mappings: [(file: String, text: String)]) throws(MappingError) {
        catalog = try MappingCatalog(files: mappings)
    }

    /// The Terraform types the mapping turns into resources (azapi types included).
    public var mappedTypes: Set<String> { Set(catalog.types.keys).union([AzapiMapping.resourceType, AzapiMapping.updateType]) }

    /// The ARM id a provider gives a resource of `type` with these attributes, written as the ARM engine writes
    /// template ids; nil for types the mapping does not know.
    public func armID(type: String, attributes: TerraformValue) -> String? {
        if type == AzapiMapping.resourceType {
            guard let (armType, _) = AzapiMapping.typeAndVersion(attributes) else { return nil }
            return AzapiMapping.identity(attributes, type: armType, fallbackName: "{name}").id
        }
        guard let mapping = catalog.types[type], mapping.patch == nil else { return nil }
        return ResourceIdentity(mapping, attributes: attributes, fallbackName: "{name}").id
    }

    /// The resources `instances` describe, and the problems found: a note once per Terraform type the mapping does
    /// not know, warnings for what could not be mapped. Data sources describe nothing deployed and are skipped.
    public func resources(from instances: [TerraformResourceInstance]) -> (resources: [Resource], diagnostics: [Diagnostic]) {
        var resources: [Resource] = []
        var diagnostics: [Diagnostic] = []
        var unmapped: Set<String> = []
        var patches: [Patch] = []
        for instance in instances where instance.mode == .managed {
            if instance.type == AzapiMapping.resourceType {
                if let resource = azapiResource(instance, diagnostics: &diagnostics) { resources.append(resource) }
                continue
            }
            if instance.type == AzapiMapping.updateType {
                guard let target = AzapiMapping.updateTarget(instance.attributes) else {
                    diagnostics.append(
                        Diagnostic(
                            .terraformMapping, .warning, at: instance.location,
                            "\(instance.address): the resource this update patches is not known (resource_id, or type, name and parent_id)")
                    )
                    continue
                }
                let body = AzapiMapping.body(
                    instance.attributes, into: Value(.object([]), location: instance.location), at: instance.location,
                    diagnostics: &diagnostics)
                patches.append(Patch(target: target, into: nil, at: nil, body: body, instance: instance))
                continue
            }
            guard let mapping = catalog.types[instance.type] else {
                if Self.reportsUnmapped(instance.type), unmapped.insert(instance.type).inserted {
                    diagnostics.append(
                        Diagnostic(
                            .unmappedTerraformType, .note, at: instance.location,
                            "\(instance.type) is not mapped to an ARM resource type, so its instances are not judged"))
                }
                continue
            }
            if mapping.idOnly { continue }
            let mapper = BodyMapper(
                roles: catalog.roles, blockLocation: instance.location, source: instance.source,
                providerMajorVersion: instance.providerMajorVersion)
            if let patch = mapping.patch {
                let body = mapper.fill(Value(.object([]), location: instance.location), with: mapping.body, from: instance.attributes)
                let target = ResourceIdentity.text(instance.attributes[member: patch.target]) ?? "{\(patch.target)}"
                var keyed: [String]?
                if let into = patch.into, let key = patch.key {
                    keyed = into + [ResourceIdentity.text(instance.attributes[member: key]) ?? instance.address]
                }
                patches.append(Patch(target: target, into: keyed == nil ? patch.into : nil, at: keyed, body: body, instance: instance))
                continue
            }
            resources.append(resource(instance, mapping: mapping, mapper: mapper))
        }
        applyPatches(patches, to: &resources, diagnostics: &diagnostics)
        Self.linkChildren(&resources)
        return (resources, diagnostics)
    }

    /// Types whose absence from the mapping is worth a note: the Azure providers' (others, `random_*` or
    /// `time_*`, describe nothing in Azure).
    static func reportsUnmapped(_ type: String) -> Bool {
        type.hasPrefix("azurerm_") || type.hasPrefix("azapi_") || type.hasPrefix("azuread_")
    }

    private func resource(_ instance: TerraformResourceInstance, mapping: TypeMapping, mapper: BodyMapper) -> Resource {
        let identity = ResourceIdentity(mapping, attributes: instance.attributes, fallbackName: instance.address)
        var body = Self.header(
            type: mapping.armType, identity: identity, nameValue: instance.attributes[member: mapping.nameAttribute], at: instance.location)
        if case .extensionOf(let attribute) = mapping.placement, let scope = instance.attributes[member: attribute], !scope.isAbsent {
            body = body.setting(["scope"], to: scope.postureValue(fallback: instance.location), creatingAt: instance.location)
        }
        body = mapper.fill(body, with: mapping.body, from: instance.attributes)
        return Self.resource(instance, type: mapping.armType, identity: identity, apiVersion: nil, body: body)
    }

    private func azapiResource(_ instance: TerraformResourceInstance, diagnostics: inout [Diagnostic]) -> Resource? {
        guard let (type, apiVersion) = AzapiMapping.typeAndVersion(instance.attributes) else {
            diagnostics.append(
                Diagnostic(
                    .terraformMapping, .warning, at: instance.attributes[member: "type"]?.location ?? instance.location,
                    "\(instance.address): expected 'type' to be a known \"Microsoft.X/type@api-version\"; the resource is not judged"))
            return nil
        }
        let identity = AzapiMapping.identity(instance.attributes, type: type, fallbackName: instance.address)
        var body = Self.header(type: type, identity: identity, nameValue: instance.attributes[member: "name"], at: instance.location)
        if let apiVersion {
            body = body.setting(["apiVersion"], to: Value(.string(apiVersion), location: instance.location), creatingAt: instance.location)
        }
        if identity.scopeID != nil, let parent = instance.attributes[member: "parent_id"] {
            body = body.setting(["scope"], to: parent.postureValue(fallback: instance.location), creatingAt: instance.location)
        }
        body = AzapiMapping.body(instance.attributes, into: body, at: instance.location, diagnostics: &diagnostics)
        return Self.resource(instance, type: type, identity: identity, apiVersion: apiVersion, body: body)
    }

    /// `type` and `name`, as an ARM declaration's body starts; an unknown name stays unknown.
    static func header(type: ResourceType, identity: ResourceIdentity, nameValue: TerraformValue?, at location: SourceLocation) -> Value {
        let name: Value
        if let nameValue, nameValue.isUnknown {
            name = nameValue.postureValue(fallback: location)
        } else {
            name = Value(.string(identity.name), location: nameValue?.location ?? location)
        }
        return Value(
            .object([
                Value.Member(key: "type", value: Value(.string(type.name), location: location)), Value.Member(key: "name", value: name),
            ]),
            location: location)
    }

    static func resource(
        _ instance: TerraformResourceInstance, type: ResourceType, identity: ResourceIdentity, apiVersion: String?, body: Value
    ) -> Resource {
        var condition = DeploymentCondition.met
        if case .unknown(let unknown) = instance.key { condition = .unknown(unknown) }
        return Resource(
            type: type, name: identity.name, id: identity.id, apiVersion: apiVersion, body: body, parentID: identity.parentID,
            scopeID: identity.scopeID, source: instance.location, origin: .terraform, condition: condition, address: instance.address)
    }
}
