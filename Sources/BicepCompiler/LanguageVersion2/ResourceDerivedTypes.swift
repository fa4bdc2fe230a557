/// The compiled type (`object`, `array`, `string`...) of the resource-derived types the corpus uses
/// (`resourceInput<'Type@version'>.path`), keyed by the pointer the compiler writes in
/// `metadata.__bicep_resource_derived_type!.source`. Without Azure's type library Bulwark cannot derive these
/// itself: this is data, taken from the official compiler's output for the Bicep corpus (AVM modules and compiler
/// baselines, MIT licensed). A path not listed gets the type of the top-level property every resource has (`tags`,
/// `sku`, `properties`, `name`...), or else no `type`, which the ARM engine reads as "any value": permissive, never
/// wrong about what a value may be.
enum ResourceDerivedTypes {
    static func typeName(source: String) -> String? {
        if let known = table[source] { return known }
        // The top-level properties every ARM resource type has, whatever its version.
        guard let hash = source.firstIndex(of: "#") else { return nil }
        return commonProperties[String(source[source.index(after: hash)...])]
    }

    private static let commonProperties = [
        "properties/name": "string", "properties/location": "string", "properties/kind": "string",
        "properties/tags": "object", "properties/properties": "object", "properties/sku": "object",
        "properties/identity": "object", "properties/zones": "array",
    ]

    private static let table: [String: String] = {
        var table: [String: String] = [:]
        for line in data.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[1] != "-" else { continue }
            table[String(parts[0])] = String(parts[1])
        }
        return table
    }()

    private static let data = """
        Astronomer.Astro/organizations@2023-08-01-preview#properties/name string
        Microsoft.CognitiveServices/accounts/deployments@2025-06-01#properties/properties/properties/model object
        Microsoft.CognitiveServices/accounts/deployments@2025-06-01#properties/sku object
        Microsoft.CognitiveServices/accounts@2025-04-01-preview#properties/properties/properties/userOwnedStorage array
        Microsoft.ContainerRegistry/registries/replications@2025-03-01-preview#properties/tags object
        Microsoft.ContainerRegistry/registries/replications@2025-11-01#properties/tags object
        Microsoft.ContainerRegistry/registries/scopeMaps@2025-03-01-preview#properties/properties/properties/actions array
        Microsoft.ContainerRegistry/registries/tasks@2025-03-01-preview#properties/properties/properties/agentConfiguration object
        Microsoft.ContainerRegistry/registries/tasks@2025-03-01-preview#properties/properties/properties/credentials object
        Microsoft.ContainerRegistry/registries/tasks@2025-03-01-preview#properties/properties/properties/platform object
        Microsoft.ContainerRegistry/registries/tasks@2025-03-01-preview#properties/properties/properties/status string
        Microsoft.ContainerRegistry/registries/tasks@2025-03-01-preview#properties/properties/properties/step object
        Microsoft.ContainerRegistry/registries/tasks@2025-03-01-preview#properties/properties/properties/trigger object
        Microsoft.ContainerRegistry/registries/tasks@2025-03-01-preview#properties/tags object
        Microsoft.ContainerRegistry/registries/tokens@2025-11-01#properties/properties/properties/credentials object
        Microsoft.ContainerRegistry/registries/tokens@2025-11-01#properties/properties/properties/status string
        Microsoft.ContainerRegistry/registries/webhooks@2025-03-01-preview#properties/properties/properties/customHeaders object
        Microsoft.ContainerRegistry/registries/webhooks@2025-03-01-preview#properties/properties/properties/status string
        Microsoft.ContainerRegistry/registries/webhooks@2025-03-01-preview#properties/tags object
        Microsoft.ContainerRegistry/registries/webhooks@2025-11-01#properties/tags object
        Microsoft.ContainerRegistry/registries@2025-03-01-preview#properties/properties/properties/zoneRedundancy string
        Microsoft.ContainerRegistry/registries@2025-04-01#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/cassandraKeyspaces/tables@2024-11-15#properties/properties/properties/resource/properties/schema object
        Microsoft.DocumentDB/databaseAccounts/cassandraKeyspaces/tables@2024-11-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/cassandraKeyspaces/views@2025-05-01-preview#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/cassandraKeyspaces@2024-11-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/gremlinDatabases/graphs@2025-04-15#properties/properties/properties/resource/properties/indexingPolicy object
        Microsoft.DocumentDB/databaseAccounts/gremlinDatabases/graphs@2025-04-15#properties/properties/properties/resource/properties/partitionKey/properties/paths array
        Microsoft.DocumentDB/databaseAccounts/gremlinDatabases/graphs@2025-04-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/gremlinDatabases@2024-11-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/mongodbDatabases/collections@2025-04-15#properties/properties/properties/resource/properties/indexes array
        Microsoft.DocumentDB/databaseAccounts/mongodbDatabases/collections@2025-04-15#properties/properties/properties/resource/properties/shardKey object
        Microsoft.DocumentDB/databaseAccounts/mongodbDatabases@2025-04-15#properties/properties/properties/options/properties/autoscaleSettings object
        Microsoft.DocumentDB/databaseAccounts/mongodbDatabases@2025-04-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15#properties/properties/properties/resource/properties/conflictResolutionPolicy object
        Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15#properties/properties/properties/resource/properties/indexingPolicy object
        Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15#properties/properties/properties/resource/properties/uniqueKeyPolicy/properties/uniqueKeys array
        Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts/tables@2025-04-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts@2024-11-15#properties/tags object
        Microsoft.DocumentDB/databaseAccounts@2025-04-15#properties/properties/properties/analyticalStorageConfiguration object
        Microsoft.DocumentDB/databaseAccounts@2025-04-15#properties/properties/properties/cors array
        Microsoft.KeyVault/vaults/keys@2024-11-01#properties/tags object
        Microsoft.KeyVault/vaults/secrets@2024-11-01#properties/tags object
        Microsoft.KeyVault/vaults@2022-07-01#properties/properties/properties/accessPolicies/items object
        Microsoft.KeyVault/vaults@2024-11-01#properties/tags object
        Microsoft.MachineLearningServices/workspaces/datastores@2024-10-01#properties/properties object
        Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31#properties/name string
        Microsoft.Network/privateEndpoints@2024-01-01#properties/properties/properties/customDnsConfigs array
        Microsoft.Network/privateEndpoints@2024-01-01#properties/properties/properties/ipConfigurations array
        Microsoft.Network/privateEndpoints@2024-01-01#properties/properties/properties/manualPrivateLinkServiceConnections array
        Microsoft.Network/privateEndpoints@2024-01-01#properties/properties/properties/privateLinkServiceConnections array
        Microsoft.Network/privateEndpoints@2024-01-01#properties/tags object
        Microsoft.Network/privateEndpoints@2024-07-01#properties/tags object
        Microsoft.Network/privateEndpoints@2025-05-01#properties/properties/properties/customDnsConfigs array
        Microsoft.Network/privateEndpoints@2025-05-01#properties/properties/properties/ipConfigurations array
        Microsoft.Network/privateEndpoints@2025-05-01#properties/properties/properties/ipVersionType string
        Microsoft.Network/privateEndpoints@2025-05-01#properties/properties/properties/manualPrivateLinkServiceConnections array
        Microsoft.Network/privateEndpoints@2025-05-01#properties/properties/properties/privateLinkServiceConnections array
        Microsoft.Network/privateEndpoints@2025-05-01#properties/tags object
        Microsoft.Resources/resourceGroups@2025-04-01#properties/tags object
        Microsoft.Resources/tags@2022-09-01#properties/properties object
        Microsoft.Resources/tags@2022-09-01#properties/properties/properties/tags/additionalProperties string
        Microsoft.Search/searchServices@2025-05-01#properties/properties/properties/authOptions object
        Microsoft.Search/searchServices@2025-05-01#properties/properties/properties/networkRuleSet object
        Microsoft.Search/searchServices@2025-05-01#properties/tags object
        Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01#properties/properties/properties/metadata object
        Microsoft.Storage/storageAccounts/fileServices@2024-01-01#properties/properties/properties/protocolSettings object
        Microsoft.Storage/storageAccounts/fileServices@2024-01-01#properties/properties/properties/shareDeleteRetentionPolicy object
        Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01#properties/properties/properties/policy/properties/rules array
        Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01#properties/properties/properties/policy/properties/rules array
        Microsoft.Storage/storageAccounts/objectReplicationPolicies@2025-01-01#properties/properties/properties/rules array
        Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01#properties/properties/properties/metadata object
        Microsoft.Storage/storageAccounts@2022-09-01#properties/name string
        Microsoft.Storage/storageAccounts@2023-01-01#properties/name string
        Microsoft.Storage/storageAccounts@2025-01-01#properties/properties/properties/azureFilesIdentityBasedAuthentication object
        Microsoft.Storage/storageAccounts@2025-01-01#properties/properties/properties/immutableStorageWithVersioning object
        Microsoft.Storage/storageAccounts@2025-01-01#properties/tags object
        """
}
