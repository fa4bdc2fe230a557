import AzureCredentials
import LiveSnapshot
import LocatedJSON
import PostureModel

/// The inventory through Resource Graph: the subscriptions and resource groups in scope (`resourcecontainers`), then
/// every resource in the readable subscriptions (`resources`, at most `subscriptionsPerQuery` subscriptions per
/// query, at most `options.resourceGraph` queries at once), as ARM records sorted by lower-cased id.
struct ResourceGraphInventory {
    var context: CollectionContext

    static let reportName = "resource-graph"
    static let containerTypes =
        "resourcecontainers | where type in~ ('microsoft.resources/subscriptions', 'microsoft.resources/subscriptions/resourcegroups')"
    static let containerProjection = "id, name, type, location, tags, properties"
    static let resourceProjection =
        "id, name, type, kind, location, resourceGroup, subscriptionId, tenantId, sku, identity, tags, zones, properties, managedBy"

    struct Result {
        var inventory: Inventory
        var report: CollectorReport
        var unreadableSubscriptions: [String]
        /// Warnings for the report: subscriptions asked for that could not be read.
        var warnings: [String]
    }

    func read(_ scope: CollectionScope, tenantID: String?) async throws(CollectionError) -> Result {
        let statistics = RequestStatistics(parent: context.rest.statistics)
        let rest = context.rest.counting(into: statistics)
        let pacer = ResourceGraphPacer()
        var problems: [ResourceGraphQuery.Problem] = []

        // 1. Containers: which subscriptions (and resource groups) are readable.
        let asked = Self.unique(scope.subscriptions)
        var containerQueries: [ResourceGraphQuery] = []
        if !asked.isEmpty {
            for chunk in Self.chunks(asked, of: context.options.subscriptionsPerQuery) {
                containerQueries.append(
                    query(rest, pacer, source: Self.containerTypes, projection: Self.containerProjection, subscriptions: chunk))
            }
        } else {
            containerQueries.append(
                query(
                    rest, pacer, source: Self.containerTypes, projection: Self.containerProjection, managementGroups: scope.managementGroups
                ))
        }
        var records: [Value] = []
        for outcome in await runAll(containerQueries) {
            records += outcome.records
            if let problem = outcome.problem { problems.append(problem) }
        }
        var readable = Self.unique(
            records.compactMap { record -> String? in
                guard record[member: "type"]?.stringValue == "Microsoft.Resources/subscriptions",
                    let id = record[member: "id"]?.stringValue, id.lowercased().hasPrefix("/subscriptions/")
                else { return nil }
                return String(id.dropFirst("/subscriptions/".count))
            })
        context.progress(CollectionProgress(stage: "subscriptions", subscriptions: readable.count))

        // 2. Subscriptions asked for and not returned: why (ARM tells missing from refused).
        var unreadable: [String] = []
        var warnings: [String] = []
        let found = Set(readable.map { $0.lowercased() })
        for subscription in asked where !found.contains(subscription.lowercased()) {
            unreadable.append(subscription)
            warnings.append(await whyUnreadable(subscription, rest: rest))
        }
        guard !readable.isEmpty else {
            let detail =
                problems.first.map(Self.describe)
                ?? (warnings.isEmpty ? "Resource Graph returned no subscription" : warnings.joined(separator: "; "))
            throw .noReadableSubscription(asked: asked, detail: detail)
        }
        readable.sort()

        // 3. Every resource in the readable subscriptions.
        let resourceQueries = Self.chunks(readable, of: context.options.subscriptionsPerQuery).map { chunk in
            query(rest, pacer, source: "resources", projection: Self.resourceProjection, subscriptions: chunk)
        }
        for outcome in await runAll(resourceQueries) {
            records += outcome.records
            if let problem = outcome.problem { problems.append(problem) }
        }
        records = Self.sortedByID(records)
        context.progress(CollectionProgress(stage: "resources", subscriptions: readable.count, resources: records.count))

        let counts = statistics.current
        var report = CollectorReport(
            name: Self.reportName, status: .complete, types: ["*"], requests: counts.requests, throttledWaits: counts.waits,
            messages: warnings + problems.map(Self.describe))
        if !problems.isEmpty {
            report.status = .partial
            if problems.contains(where: { if case .denied = $0 { true } else { false } }) {
                report.missingPermission = "Reader on the subscriptions in scope"
            }
        } else if !unreadable.isEmpty {
            report.status = .partial
        }
        return Result(
            inventory: Inventory(tenantID: tenantID, subscriptions: readable, resources: records), report: report,
            unreadableSubscriptions: unreadable.sorted(), warnings: warnings)
    }

    private func query(
        _ rest: AzureRESTClient, _ pacer: ResourceGraphPacer, source: String, projection: String, subscriptions: [String] = [],
        managementGroups: [String] = []
    ) -> ResourceGraphQuery {
        ResourceGraphQuery(
            rest: rest, endpoint: context.cloud.resourceManagerBase, scope: context.cloud.resourceManagerScope, pacer: pacer,
            rowsPerPage: context.options.rowsPerPage, source: source, projection: projection, subscriptions: subscriptions,
            managementGroups: managementGroups)
    }

    /// Runs the queries, at most `options.resourceGraph` at once; outcomes in the queries' order.
    private func runAll(_ queries: [ResourceGraphQuery]) async -> [ResourceGraphQuery.Outcome] {
        let limiter = AsyncLimiter(limit: context.options.resourceGraph)
        return await withTaskGroup(of: (Int, ResourceGraphQuery.Outcome).self) { group in
            for (index, query) in queries.enumerated() {
                group.addTask { (index, await limiter.run { await query.run(ResourceRecord.fromResourceGraph) }) }
            }
            var outcomes = [(Int, ResourceGraphQuery.Outcome)]()
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func whyUnreadable(_ subscription: String, rest: AzureRESTClient) async -> String {
        let request = RESTRequest(
            url: context.cloud.resourceManagerBase + "/subscriptions/\(subscription)?api-version=2022-12-01",
            scope: context.cloud.resourceManagerScope)
        guard let response = try? await rest.send(request) else {
            return "subscription \(subscription) was not returned by Resource Graph and could not be checked; it was skipped"
        }
        switch response.status {
        case 404: return "subscription \(subscription) does not exist (SubscriptionNotFound); it was skipped"
        case 403, 401: return "the identity cannot read subscription \(subscription) (it needs Reader on it); it was skipped"
        default: return "subscription \(subscription) was not returned by Resource Graph (ARM answered \(response.status)); it was skipped"
        }
    }

    static func describe(_ problem: ResourceGraphQuery.Problem) -> String {
        switch problem {
        case .denied(let reason), .failed(let reason): reason
        case .credential(let reason): "no token: \(reason)"
        }
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0.lowercased()).inserted }
    }

    static func chunks(_ ids: [String], of size: Int) -> [[String]] {
        let size = max(1, size)
        return stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
    }

    /// Records sorted by lower-cased id (stable for equal ids).
    static func sortedByID(_ records: [Value]) -> [Value] {
        records.map { ($0[member: "id"]?.stringValue?.lowercased() ?? "", $0) }.enumerated()
            .sorted { $0.element.0 != $1.element.0 ? $0.element.0 < $1.element.0 : $0.offset < $1.offset }
            .map(\.element.1)
    }
}

extension AzureCloud {
    /// The ARM endpoint without a trailing slash, to put paths after.
    var resourceManagerBase: String {
        var text = resourceManager.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    var graphBase: String {
        var text = graph.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
