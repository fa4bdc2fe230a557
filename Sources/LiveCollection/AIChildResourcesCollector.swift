import LiveSnapshot
import PostureModel

/// What Resource Graph does not hold about AI resources: each AI Services / OpenAI account's deployments, content
/// filter (RAI) policies, Defender for AI settings and connections, and each Machine Learning workspace's computes
/// and online endpoints, read from ARM per resource (bounded per subscription).
public struct AIChildResourcesCollector: EstateCollector {
    public static let name = "ai-child-resources"
    public static let types = [
        "Microsoft.CognitiveServices/accounts/deployments", "Microsoft.CognitiveServices/accounts/raiPolicies",
        "Microsoft.CognitiveServices/accounts/defenderForAISettings", "Microsoft.CognitiveServices/accounts/connections",
        "Microsoft.MachineLearningServices/workspaces/computes", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    ]

    /// The child lists read for each parent type (lower-cased), with their API versions.
    static let children: [String: [String]] = [
        "microsoft.cognitiveservices/accounts": [
            "/deployments?api-version=2025-06-01", "/raiPolicies?api-version=2025-06-01", "/defenderForAISettings?api-version=2025-06-01",
            "/connections?api-version=2025-06-01",
        ],
        "microsoft.machinelearningservices/workspaces": [
            "/computes?api-version=2025-09-01", "/onlineEndpoints?api-version=2025-09-01",
        ],
    ]

    public init() {}

    public func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart {
        let statistics = RequestStatistics(parent: context.rest.statistics)
        let reader = ARMReader(context: context, rest: context.rest.counting(into: statistics))
        var work: [(subscription: String, item: (String, String))] = []
        for resource in inventory.resources {
            guard let type = resource[member: "type"]?.stringValue?.lowercased(), let lists = Self.children[type],
                let id = resource[member: "id"]?.stringValue, let subscription = ARMReader.subscription(of: id)
            else { continue }
            for list in lists { work.append((subscription, (subscription, id + list))) }
        }
        let outcomes = await BoundedWork.run(work, perSubscription: context.options.perSubscription) { item in
            (item.0, await reader.list(item.1))
        }
        var tally = ARMCollectorTally(
            name: Self.name, types: Self.types, role: "Reader (Microsoft.CognitiveServices/accounts/deployments/read)",
            subscriptions: Array(Set(work.map(\.subscription))))
        for (subscription, outcome) in outcomes {
            tally.add(outcome, subscription: subscription) { ARMReader.record($0) }
        }
        context.progress(CollectionProgress(stage: Self.name, subscriptions: inventory.subscriptions.count, resources: tally.records.count))
        return CollectedPart(armResources: tally.records, reports: [tally.report(statistics: statistics)])
    }
}
