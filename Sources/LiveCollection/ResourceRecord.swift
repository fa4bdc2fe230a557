import LiveSnapshot
import LocatedJSON
import PostureModel

/// Resource Graph rows as ARM records (the shape templates write, see `SnapshotContent`): the type in ARM casing,
/// the name with its parents for child resources, and Resource Graph's own columns (`resourceGroup`,
/// `subscriptionId`, `tenantId`) dropped.
enum ResourceRecord {
    /// The members an ARM record keeps, in the order they are written.
    static let keptMembers = ["id", "name", "type", "kind", "location", "sku", "identity", "tags", "zones", "properties", "managedBy"]

    /// The record for one row, or nil when the row has no id or type.
    static func fromResourceGraph(_ row: JSONValue) -> Value? {
        guard let id = row[member: "id"]?.stringValue, !id.isEmpty, let rawType = row[member: "type"]?.stringValue else { return nil }
        let type = armType(rawType, id: id)
        var members: [Value.Member] = [
            .init(key: "id", value: .string(id)),
            .init(key: "name", value: .string(fullName(id: id, fallback: row[member: "name"]?.stringValue ?? ""))),
            .init(key: "type", value: .string(type)),
        ]
        for key in keptMembers.dropFirst(3) {
            guard let value = row[member: key] else { continue }
            switch value.kind {
            case .null: continue
            case .string(let text) where text.isEmpty: continue
            default: members.append(.init(key: key, value: Value(json: value)))
            }
        }
        return Value(.object(members))
    }

    /// The full name of the resource `id` names, with its parents (`account/gpt-4o`): the name segments after the
    /// last `/providers/{namespace}/`. `fallback` when the id has no provider part (subscriptions, resource groups).
    static func fullName(id: String, fallback: String) -> String {
        guard let tail = providerTail(id) else { return fallback }
        let names = tail.segments.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        return names.isEmpty ? fallback : names.joined(separator: "/")
    }

    /// The type in ARM casing: the bundled list's spelling for a type it knows (LiveSnapshot's
    /// ``ResourceTypeCasing``), else the id's own segments, which carry the casing ARM gave them, else the list's
    /// guess from a known parent or namespace. Resource Graph's `microsoft.resources/subscriptions/resourcegroups`
    /// is `Microsoft.Resources/resourceGroups`, as templates write it.
    static func armType(_ type: String, id: String) -> String {
        let lower = type.lowercased()
        if lower == "microsoft.resources/subscriptions/resourcegroups" { return "Microsoft.Resources/resourceGroups" }
        if listedTypes.contains(lower) { return ResourceTypeCasing.armCasing(type) }
        if let tail = providerTail(id) {
            let typeSegments = tail.segments.enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }
            let fromID = ([tail.namespace] + typeSegments).joined(separator: "/")
            if fromID.lowercased() == lower { return capitalisedNamespace(fromID) }
        }
        return ResourceTypeCasing.armCasing(type)
    }

    /// The types the bundled casing list spells, lower-cased.
    static let listedTypes = Set(ResourceTypeCasing.knownTypes.map { $0.lowercased() })

    /// `microsoft.network/virtualnetworks` → `Microsoft.Network/virtualnetworks`: ARM's namespaces are dotted
    /// capitalised words; type segments keep what they had.
    static func capitalisedNamespace(_ type: String) -> String {
        guard let slash = type.firstIndex(of: "/") else { return type }
        let namespace = type[..<slash].split(separator: ".", omittingEmptySubsequences: false).map { part in
            part.first.map { String($0).uppercased() + part.dropFirst() } ?? ""
        }.joined(separator: ".")
        return namespace + type[slash...]
    }

    /// The namespace and the type/name segments after the last `/providers/` of `id`.
    static func providerTail(_ id: String) -> (namespace: String, segments: [Substring])? {
        let parts = id.split(separator: "/")
        guard let index = parts.lastIndex(where: { $0.lowercased() == "providers" }), index + 1 < parts.count else { return nil }
        return (String(parts[index + 1]), Array(parts[(index + 2)...]))
    }
}
