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

    /// The type in ARM casing. The id's own segments carry the casing ARM gave them; what the id does not spell
    /// (Resource Graph's lower-cased containers) comes from a small table, else each namespace part is capitalised.
    // Swap point: once LiveSnapshot's `ResourceTypeCasing` is on main, use it here in place of `knownTypes` and
    // `capitalisedNamespace`; the id-derived casing stays first, since it is what ARM itself returned.
    static func armType(_ type: String, id: String) -> String {
        let lower = type.lowercased()
        if let known = knownTypes[lower] { return known }
        if let tail = providerTail(id) {
            let typeSegments = tail.segments.enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }
            let fromID = ([tail.namespace] + typeSegments).joined(separator: "/")
            if fromID.lowercased() == lower { return capitalisedNamespace(fromID) }
        }
        return capitalisedNamespace(type)
    }

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

    /// Types the rule catalog reads, in ARM casing, by their lower-cased form.
    static let knownTypes: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "Microsoft.Resources/subscriptions", "Microsoft.Resources/resourceGroups",
            "Microsoft.Management/managementGroups",
            "Microsoft.CognitiveServices/accounts", "Microsoft.CognitiveServices/accounts/projects",
            "Microsoft.CognitiveServices/accounts/deployments", "Microsoft.CognitiveServices/accounts/raiPolicies",
            "Microsoft.CognitiveServices/accounts/connections", "Microsoft.CognitiveServices/accounts/defenderForAISettings",
            "Microsoft.MachineLearningServices/workspaces", "Microsoft.MachineLearningServices/registries",
            "Microsoft.MachineLearningServices/workspaces/computes", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
            "Microsoft.Search/searchServices", "Microsoft.BotService/botServices", "Microsoft.KeyVault/vaults",
            "Microsoft.Storage/storageAccounts", "Microsoft.ContainerRegistry/registries", "Microsoft.ApiManagement/service",
            "Microsoft.Insights/components", "Microsoft.Insights/diagnosticSettings", "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateDnsZones",
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "Microsoft.Network/virtualNetworks",
            "Microsoft.Network/virtualNetworks/subnets", "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Network/networkInterfaces", "Microsoft.Network/publicIPAddresses", "Microsoft.Network/applicationGateways",
            "Microsoft.Network/azureFirewalls", "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.App/containerApps", "Microsoft.Web/sites", "Microsoft.Compute/virtualMachines", "Microsoft.Compute/disks",
            "Microsoft.ContainerService/managedClusters", "Microsoft.DocumentDB/databaseAccounts", "Microsoft.Sql/servers",
            "Microsoft.Security/pricings", "Microsoft.Authorization/roleAssignments", "Microsoft.Authorization/roleDefinitions",
        ].map { ($0.lowercased(), $0) } + [
            // Resource Graph's name for resource groups; templates write `Microsoft.Resources/resourceGroups`.
            ("microsoft.resources/subscriptions/resourcegroups", "Microsoft.Resources/resourceGroups")
        ])
}
