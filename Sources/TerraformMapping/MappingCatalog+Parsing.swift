import Foundation
import LocatedYAML
import PostureModel
import SourceModel
import TerraformModel

extension MappingCatalog {
    /// Reads mapping files (`roles`, `common` attributes and `resources` by Terraform type) into one catalog.
    /// - Throws: ``MappingError`` at the first problem, with its position.
    init(files: [(file: String, text: String)]) throws(MappingError) {
        for (file, text) in files {
            let root: YAMLNode?
            do {
                root = try YAMLDocument.compose(text, file: file)
            } catch {
                throw MappingError(at: error.location, "invalid YAML: \(error.problem)")
            }
            guard let root, root.mapping != nil else {
                throw MappingError(at: SourceLocation(file: file, line: 1, column: 1), "expected a mapping with 'resources'")
            }
            try MappingParser.checkKeys(root, allowed: ["roles", "common", "resources"], in: "a mapping file")
            if let roles = root["roles"] {
                guard let entries = roles.mapping else {
                    throw MappingError(at: roles.location, "expected 'roles' to map role names to GUIDs")
                }
                for entry in entries {
                    guard let guid = entry.value.string, !guid.isEmpty else {
                        throw MappingError(at: entry.value.location, "expected the GUID of the role '\(entry.key)'")
                    }
                    self.roles[entry.key.lowercased()] = guid
                }
            }
            let common = try root["common"].map { node throws(MappingError) in try MappingParser.attributes(node) } ?? []
            guard let resources = root["resources"]?.mapping else {
                throw MappingError(at: root.location, "expected 'resources': Terraform types and how each maps to ARM")
            }
            for entry in resources {
                if types[entry.key] != nil { throw MappingError(at: entry.keyLocation, "'\(entry.key)' is mapped twice") }
                types[entry.key] = try MappingParser.type(entry.key, entry.value, at: entry.keyLocation, common: common)
            }
        }
    }
}

/// Reads the parts of a mapping file.
enum MappingParser {
    static let typeKeys: Set<String> = [
        "type", "parent", "parentName", "extensionOf", "placement", "name", "idOnly", "common", "patch", "set", "attributes",
    ]
    static let attributeKeys: Set<String> = ["from", "to", "transform", "default", "absent", "computed", "block", "each"]

    static func checkKeys(_ node: YAMLNode, allowed: Set<String>, in what: String) throws(MappingError) {
        for entry in node.mapping ?? [] where !allowed.contains(entry.key) {
            throw MappingError(
                at: entry.keyLocation, "unknown key '\(entry.key)' in \(what); expected one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    static func type(_ name: String, _ node: YAMLNode, at location: SourceLocation, common: [AttributeMapping]) throws(MappingError)
        -> TypeMapping
    {
        guard node.mapping != nil else { throw MappingError(at: node.location, "expected the mapping of '\(name)'") }
        try checkKeys(node, allowed: typeKeys, in: "the mapping of '\(name)'")
        guard let armType = node["type"]?.string, armType.split(separator: "/").count >= 2 else {
            throw MappingError(at: node.location, "expected 'type', the ARM resource type, such as Microsoft.CognitiveServices/accounts")
        }
        let placement = try self.placement(node)
        var patch: PatchMapping?
        if let patchNode = node["patch"] {
            try checkKeys(patchNode, allowed: ["target", "into", "key"], in: "'patch'")
            guard let target = patchNode["target"]?.string else {
                throw MappingError(at: patchNode.location, "expected 'target': the attribute holding the id of the resource patched")
            }
            let into = patchNode["into"]?.string.map(path)
            if patchNode["key"] != nil, into == nil {
                throw MappingError(at: patchNode.location, "a patch's 'key' names an entry of 'into': expected 'into' too")
            }
            patch = PatchMapping(target: target, into: into, key: patchNode["key"]?.string)
        }
        let withCommon = try flag(node["common"], default: true)
        var body = try block(node, allowedKeys: nil)
        if withCommon { body.attributes = common + body.attributes }
        return TypeMapping(
            terraformType: name, armType: ResourceType(armType), placement: placement, nameAttribute: node["name"]?.string ?? "name",
            idOnly: try flag(node["idOnly"], default: false), patch: patch, body: body, location: location)
    }

    static func placement(_ node: YAMLNode) throws(MappingError) -> Placement {
        if let parent = node["parent"]?.string { return .parentID(parent) }
        if let parent = node["parentName"]?.string { return .parentName(parent) }
        if let scope = node["extensionOf"]?.string { return .extensionOf(scope) }
        switch node["placement"]?.string {
        case nil, "resourceGroup": return .resourceGroup
        case "tenant": return .tenant
        case "resourceGroupItself": return .resourceGroupItself
        default:
            throw MappingError(
                at: node["placement"]?.location ?? node.location, "expected 'placement' to be resourceGroup, tenant or resourceGroupItself")
        }
    }

    static func flag(_ node: YAMLNode?, default value: Bool) throws(MappingError) -> Bool {
        guard let node else { return value }
        switch node.string {
        case "true": return true
        case "false": return false
        default: throw MappingError(at: node.location, "expected true or false")
        }
    }

    /// A block: a list of attributes, or a mapping with `set` and `attributes` (and, for a type, its own keys).
    static func block(_ node: YAMLNode, allowedKeys: Set<String>? = ["set", "attributes"]) throws(MappingError) -> BlockMapping {
        if node.sequence != nil { return BlockMapping(set: [], attributes: try attributes(node)) }
        guard node.mapping != nil else { throw MappingError(at: node.location, "expected a list of attributes, or 'set' and 'attributes'") }
        if let allowedKeys { try checkKeys(node, allowed: allowedKeys, in: "a block") }
        var set: [(path: [String], value: Value)] = []
        if let fixed = node["set"] {
            guard let members = fixed.mapping else { throw MappingError(at: fixed.location, "expected 'set' to map ARM paths to values") }
            set = members.map { (path($0.key), $0.value.armValue()) }
        }
        return BlockMapping(set: set, attributes: try node["attributes"].map { node throws(MappingError) in try attributes(node) } ?? [])
    }

    static func attributes(_ node: YAMLNode) throws(MappingError) -> [AttributeMapping] {
        guard let items = node.sequence else { throw MappingError(at: node.location, "expected a list of attribute mappings") }
        var result: [AttributeMapping] = []
        for item in items { result.append(try attribute(item)) }
        return result
    }

    static func attribute(_ node: YAMLNode) throws(MappingError) -> AttributeMapping {
        guard node.mapping != nil else { throw MappingError(at: node.location, "expected an attribute mapping: { from: ..., to: ... }") }
        try checkKeys(node, allowed: attributeKeys, in: "an attribute mapping")
        guard let from = node["from"], let names = from.strings(), !names.isEmpty else {
            throw MappingError(at: node.location, "expected 'from': the Terraform attribute's name (or a list of its names)")
        }
        guard let to = node["to"]?.string, !to.isEmpty else {
            throw MappingError(at: node.location, "expected 'to': the ARM path the value goes to, such as properties.publicNetworkAccess")
        }
        let transform = try node["transform"].map { node throws(MappingError) in try self.transform(node) } ?? .copy
        let block = try node["block"].map { node throws(MappingError) in try self.block(node) }
        let each = try node["each"].map { node throws(MappingError) in try self.block(node) }
        if block != nil, each != nil { throw MappingError(at: node.location, "an attribute takes 'block' or 'each', not both") }
        return AttributeMapping(
            names: names, path: path(to), transform: transform,
            defaults: try node["default"].map { node throws(MappingError) in try defaults(node) },
            absent: node["absent"]?.armValue(), computed: try flag(node["computed"], default: false), block: block, each: each)
    }

    static func transform(_ node: YAMLNode) throws(MappingError) -> MappingTransform {
        guard let text = node.string else { throw MappingError(at: node.location, "expected a transform name") }
        var name = text
        var argument: String?
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            name = String(text[..<open])
            argument = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingCharacters(in: .whitespaces)
        }
        switch (name, argument) {
        case ("copy", nil): return .copy
        case ("enabledDisabled", nil): return .enabledDisabled
        case ("enabledDisabledLower", nil): return .enabledDisabledLower
        case ("negate", nil): return .negate
        case ("listToObjects", let key?) where !key.isEmpty: return .listToObjects(key: key)
        case ("keyVaultKeyURL", nil): return .keyVaultKeyURL
        case ("identity", nil): return .identity
        case ("joinComma", nil): return .joinComma
        case ("present", let value?) where !value.isEmpty: return .present(value)
        case ("roleDefinition", nil): return .roleDefinition
        case ("privateServiceConnection", nil): return .privateServiceConnection
        case ("idObject", nil): return .idObject
        default:
            throw MappingError(
                at: node.location,
                "unknown transform '\(text)'; expected copy, enabledDisabled, enabledDisabledLower, negate, listToObjects(key), "
                    + "keyVaultKeyURL, identity, joinComma, present(value), roleDefinition, privateServiceConnection or idObject")
        }
    }

    /// `default: value` for every version, or `default: { 3: true, 4: true, 5: false }` (an empty entry: no default).
    static func defaults(_ node: YAMLNode) throws(MappingError) -> VersionedDefault {
        guard let entries = node.mapping else { return VersionedDefault(byMajor: [0: node.terraformValue()]) }
        var byMajor: [Int: TerraformValue?] = [:]
        for entry in entries {
            guard let major = Int(entry.key), major > 0 else {
                throw MappingError(at: entry.keyLocation, "expected an azurerm major version such as 4, found '\(entry.key)'")
            }
            let value = entry.value.terraformValue()
            byMajor[major] = value.isNull ? TerraformValue?.none : value
        }
        guard !byMajor.isEmpty else { throw MappingError(at: node.location, "expected at least one major version's default") }
        return VersionedDefault(byMajor: byMajor)
    }

    static func path(_ text: String) -> [String] { text.split(separator: ".").map(String.init) }
}
