import LiveSnapshot
import LocatedJSON
import PostureModel

/// Reads the Entra tenant from Microsoft Graph v1.0: conditional access policies and named locations, security
/// defaults and the authentication methods policy, directory roles with their PIM schedules and policies. Reports
/// `graph-conditional-access`, `graph-policies` and `graph-directory-roles`; records are the Graph objects verbatim
/// under `properties` (see ``SnapshotContent``), sorted by type and id. `GET /organization` names the tenant when
/// the identity may read it; its refusal changes no status.
public struct GraphCollector: EstateCollector {
    /// Graph reads in flight at once (Graph throttles per tenant and application; a few is plenty for ten reads).
    public var inFlight = 4

    public init() {}

    public func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart {
        context.progress(CollectionProgress(stage: "Microsoft Graph"))
        let origin = Self.origin(context.cloud.graph.absoluteString)
        let limiter = AsyncLimiter(limit: inFlight)
        let plans = GraphReportPlan.all
        let statistics = plans.map { _ in RequestStatistics(parent: context.rest.statistics) }
        let readers = statistics.map { GraphPaging(rest: context.rest.counting(into: $0), scope: context.cloud.graphScope, origin: origin) }

        let (outcomes, tenantName) = await withTaskGroup(of: Finished.self) { group in
            for (planIndex, plan) in plans.enumerated() {
                for (endpointIndex, endpoint) in plan.endpoints.enumerated() {
                    let reader = readers[planIndex]
                    group.addTask {
                        await limiter.run { .endpoint(planIndex, endpointIndex, await Self.read(endpoint, with: reader)) }
                    }
                }
            }
            let organization = GraphPaging(rest: context.rest, scope: context.cloud.graphScope, origin: origin)
            group.addTask { await limiter.run { .tenantName(await Self.tenantName(organization)) } }
            var outcomes: [[GraphEndpointOutcome?]] = plans.map { Array(repeating: nil, count: $0.endpoints.count) }
            var tenantName: String?
            for await finished in group {
                switch finished {
                case .endpoint(let planIndex, let endpointIndex, let outcome): outcomes[planIndex][endpointIndex] = outcome
                case .tenantName(let name): tenantName = name
                }
            }
            return (outcomes, tenantName)
        }

        var records: [Value] = []
        var reports: [CollectorReport] = []
        for (planIndex, plan) in plans.enumerated() {
            let planOutcomes = outcomes[planIndex].compactMap { $0 }
            records += planOutcomes.flatMap(\.records)
            let counts = statistics[planIndex].current
            reports.append(
                GraphEndpointOutcome.report(
                    name: plan.name, types: plan.types, outcomes: planOutcomes, requests: counts.requests, waits: counts.waits))
        }
        records.sort { Self.precedes($0, $1) }
        return CollectedPart(graphObjects: records, reports: reports, tenantDisplayName: tenantName)
    }

    /// What one task of `collect` read.
    enum Finished: Sendable {
        case endpoint(Int, Int, GraphEndpointOutcome)
        case tenantName(String?)
    }

    static func read(_ endpoint: GraphEndpoint, with reader: GraphPaging) async -> GraphEndpointOutcome {
        let url = reader.origin + "/v1.0" + endpoint.path + endpoint.query
        switch endpoint.shape {
        case .list, .policyAssignments:
            let list = await reader.list(url)
            return GraphEndpointOutcome(endpoint: endpoint, objects: list.objects, error: list.error)
        case .object:
            switch await reader.object(url) {
            case .success(let object): return GraphEndpointOutcome(endpoint: endpoint, objects: [object], error: nil)
            case .failure(let error): return GraphEndpointOutcome(endpoint: endpoint, objects: [], error: error)
            }
        }
    }

    /// The tenant's display name from `GET /organization`, or nil when it cannot be read.
    static func tenantName(_ reader: GraphPaging) async -> String? {
        let list = await reader.list(reader.origin + "/v1.0/organization?$select=id,displayName")
        return list.objects.first?[member: "displayName"]?.stringValue
    }

    /// `https://graph.microsoft.com/` → `https://graph.microsoft.com`.
    static func origin(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    static func precedes(_ left: Value, _ right: Value) -> Bool {
        let (a, b) = (GraphRecords.sortKey(left), GraphRecords.sortKey(right))
        return a.0 != b.0 ? a.0 < b.0 : a.1 < b.1
    }
}
