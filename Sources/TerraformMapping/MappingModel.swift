import PostureModel
import SourceModel
import TerraformModel

/// How one Terraform value becomes its ARM value: the small fixed set of transforms the mapping files name.
enum MappingTransform: Sendable, Hashable {
    /// The value as it is.
    case copy
    /// `true`/`false` to `"Enabled"`/`"Disabled"`.
    case enabledDisabled
    /// `true`/`false` to `"enabled"`/`"disabled"` (AI Search writes them in lower case).
    case enabledDisabledLower
    /// `local_auth_enabled = true` to `disableLocalAuth: false`.
    case negate
    /// `["1.2.3.4"]` to `[{ key: "1.2.3.4" }]`.
    case listToObjects(key: String)
    /// A Key Vault key URL split into `keyVaultUri`, `keyName` and `keyVersion`.
    case keyVaultKeyURL
    /// An `identity { type, identity_ids }` block to ARM's `{ type, userAssignedIdentities: { id: {} } }`.
    case identity
    /// A list of strings joined with ", " (storage `bypass`).
    case joinComma
    /// Any value present (a block written at all) to this string.
    case present(String)
    /// A built-in role's name to its role definition id (the mapping file's `roles` table).
    case roleDefinition
    /// A private endpoint's `private_service_connection` block to ARM's `privateLinkServiceConnections` (or
    /// `manualPrivateLinkServiceConnections` when `is_manual_connection` is true), merged into the target object.
    case privateServiceConnection
    /// A resource id to `{ id: "..." }`.
    case idObject
}

/// A provider default, per azurerm major version or one for every version. A version with no entry takes the
/// entry of the newest version listed before it (the oldest listed when none is); an unknown version takes the
/// newest listed. An entry may be empty: the attribute has no default in that version (it is required).
struct VersionedDefault: Sendable {
    /// One value for every version, or entries by major version.
    var byMajor: [Int: TerraformValue?]

    func value(forMajor major: Int?) -> TerraformValue? {
        let versions = byMajor.keys.sorted()
        guard let newest = versions.last, let oldest = versions.first else { return nil }
        let chosen: Int
        if let major {
            chosen = versions.last { $0 <= major } ?? oldest
        } else {
            chosen = newest
        }
        return byMajor[chosen] ?? nil
    }
}

/// One attribute (or nested block) of a Terraform type and where its value goes in the ARM body.
struct AttributeMapping: Sendable {
    /// The attribute's names, first found wins: renames across provider versions (`https_traffic_only_enabled`,
    /// `enable_https_traffic_only`).
    var names: [String]
    /// The ARM path relative to the object the mapping fills: `properties.publicNetworkAccess`.
    var path: [String]
    var transform: MappingTransform
    /// The provider's schema default, applied to configurations only (a plan already carries it).
    var defaults: VersionedDefault?
    /// What the provider writes when the attribute or block is absent, whatever the input (a plan shows the
    /// attribute absent too): ARM-shaped.
    var absent: Value?
    /// Optional+Computed and not sent when omitted: in a plan, its unknown value means the service decides,
    /// so it is left out rather than kept unknown.
    var computed: Bool
    /// A single nested block, mapped relative to `path`.
    var block: BlockMapping?
    /// A repeated nested block: each element becomes an object, mapped relative to the element.
    var each: BlockMapping?
}

/// Fixed values and attribute mappings that fill one object: a resource body, a nested block's object, or one
/// element of a repeated block.
struct BlockMapping: Sendable {
    /// Values set whenever the object is written (`keySource: Microsoft.KeyVault` inside `encryption`).
    var set: [(path: [String], value: Value)]
    var attributes: [AttributeMapping]
}

/// Where a resource sits, which decides its id and name.
enum Placement: Sendable, Hashable {
    /// In a resource group named by `resource_group_name`.
    case resourceGroup
    /// A child of the resource whose id the attribute holds (`cognitive_account_id`).
    case parentID(String)
    /// A child of the resource of the parent type, in the same resource group, named by the attribute
    /// (`virtual_network_name`).
    case parentName(String)
    /// An extension resource applied to the resource whose id the attribute holds (`target_resource_id`, `scope`).
    case extensionOf(String)
    /// A tenant-level object (Microsoft Graph): `/providers/Type/name`.
    case tenant
    /// A resource group itself: `/subscriptions/{subscription}/resourceGroups/name`.
    case resourceGroupItself
}

/// A Terraform type that patches a resource another block declares (`azurerm_key_vault_access_policy`).
struct PatchMapping: Sendable {
    /// The attribute holding the id of the resource patched.
    var target: String
    /// When set, the mapped body is appended as one element of the array at this path of the target, instead
    /// of being merged onto the target's body.
    var into: [String]?
    /// With `into`: the attribute whose value names the entry, so the body is written at `into.<name>` of an
    /// object (a workspace's `outboundRules`) instead of appended to an array.
    var key: String?
}

/// How one Terraform type becomes an ARM resource.
struct TypeMapping: Sendable {
    var terraformType: String
    var armType: ResourceType
    var placement: Placement
    /// The attribute holding the resource's own name.
    var nameAttribute: String
    /// Resources that only give ids (a resource group): `armID` knows them, `resources(from:)` emits nothing.
    var idOnly: Bool
    var patch: PatchMapping?
    var body: BlockMapping
    /// Where the mapping is written, for messages.
    var location: SourceLocation
}

/// Everything the mapping files say.
struct MappingCatalog: Sendable {
    var types: [String: TypeMapping] = [:]
    /// Built-in role names, lower-cased, to role definition GUIDs.
    var roles: [String: String] = [:]
}
