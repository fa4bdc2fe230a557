import AzureCredentials
import Foundation
public import LiveSnapshot
import PostureModel

/// A whole live collection: the token, the subscriptions in scope, the inventory through Resource Graph, then every
/// `EstateCollector` at once, assembled into a deterministic ``SnapshotContent`` (records sorted by lower-cased id,
/// reports in a fixed order: the inventory's first, then the collectors' in the order given).
public struct LiveCollector: Sendable {
    public let context: CollectionContext
    public let collectors: [any EstateCollector]

    public init(context: CollectionContext, collectors: [any EstateCollector]) {
        self.context = context
        self.collectors = collectors
    }

    /// The ARM collectors, in their report order.
    public static let armCollectors: [any EstateCollector] = [
        DiagnosticSettingsCollector(), AIChildResourcesCollector(), DefenderPlansCollector(), RoleAssignmentsCollector(),
        PIMAzureCollector(),
    ]

    /// Collects `scope`. Throws only when nothing could be collected: no token, or no readable subscription.
    public func collect(_ scope: CollectionScope, bulwarkVersion: String) async throws(CollectionError) -> SnapshotContent {
        let credential = context.rest.credential
        let token: AccessToken
        do {
            token = try await credential.token(scope: context.cloud.resourceManagerScope)
        } catch {
            throw .noToken(error, source: credential.sourceName)
        }
        let claims = token.identity
        context.progress(CollectionProgress(stage: "inventory"))
        let inventory = try await ResourceGraphInventory(context: context).read(scope, tenantID: claims?.tenantID)

        let parts = await withTaskGroup(of: (Int, CollectedPart).self) { group in
            for (index, collector) in collectors.enumerated() {
                let context = self.context
                let inventory = inventory.inventory
                group.addTask { (index, await collector.collect(context, inventory: inventory)) }
            }
            var parts: [(Int, CollectedPart)] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.map(\.1)
        }

        var armResources = inventory.inventory.resources
        var graphObjects: [Value] = []
        var reports = [inventory.report]
        for part in parts {
            armResources += part.armResources
            graphObjects += part.graphObjects
            reports += part.reports
        }
        let cloud = context.cloud
        let manifest = SnapshotManifest(
            createdAt: Self.timestamp(Date()), bulwarkVersion: bulwarkVersion, cloud: cloud.name,
            endpoints: .init(
                authority: cloud.authorityHost.absoluteString, resourceManager: cloud.resourceManager.absoluteString,
                graph: cloud.graph.absoluteString),
            tenantID: claims?.tenantID ?? inventory.inventory.tenantID,
            tenantDisplayName: parts.lazy.compactMap(\.tenantDisplayName).first,
            scope: .init(
                subscriptions: inventory.inventory.subscriptions, managementGroups: scope.managementGroups,
                unreadableSubscriptions: inventory.unreadableSubscriptions),
            principal: claims.map {
                SnapshotManifest.Principal(kind: $0.kind.rawValue, id: $0.objectID ?? $0.applicationID, credential: credential.sourceName)
            },
            collectors: reports)
        return SnapshotContent(
            manifest: manifest, armResources: ResourceGraphInventory.sortedByID(armResources),
            graphObjects: ResourceGraphInventory.sortedByID(graphObjects))
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
