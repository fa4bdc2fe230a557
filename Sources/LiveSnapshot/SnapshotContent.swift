public import PostureModel

/// A collected estate, in memory: what `bulwark collect` writes to a folder and what `bulwark scan --subscription`
/// judges directly, so both give the same verdicts.
///
/// Every record is an object in the shape of an ARM resource (`id`, `type`, `name`, and for Azure resources
/// `kind`, `location`, `sku`, `identity`, `tags`, `zones`, `properties`), with types and property casing as ARM
/// templates write them (Resource Graph lower-cases types; ``ResourceTypeCasing`` restores them):
/// - `armResources`: Resource Graph rows and what ARM added (diagnostic settings, AI child resources, Defender
///   plans, role assignments, PIM schedules). Extension resources (diagnostic settings, role assignments) have the
///   id ARM gives them, `{target id}/providers/{type}/{name}`.
/// - `graphObjects`: Microsoft Graph objects as `{"id": object id, "type": "Microsoft.Graph/<collection>",
///   "name": displayName, "properties": <the object as Graph returned it>}`, the model the Entra rules read.
public struct SnapshotContent: Sendable {
    public var manifest: SnapshotManifest
    public var armResources: [Value]
    public var graphObjects: [Value]

    /// The data files of a snapshot folder, by the path `manifest.files` names them with.
    public static let armResourcesFile = "arm/resources.jsonl"
    public static let graphObjectsFile = "graph/objects.jsonl"

    public init(manifest: SnapshotManifest, armResources: [Value] = [], graphObjects: [Value] = []) {
        self.manifest = manifest
        self.armResources = armResources
        self.graphObjects = graphObjects
    }
}
