import LiveSnapshot
import LocatedJSON
import PostureModel

/// Defender for Cloud plans of every subscription read: `Microsoft.Security/pricings`.
public struct DefenderPlansCollector: EstateCollector {
    public static let name = "defender-plans"

    public init() {}

    public func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart {
        await SubscriptionLists(
            name: Self.name, types: ["Microsoft.Security/pricings"], role: "Reader (Microsoft.Security/pricings/read)",
            lists: ["/providers/Microsoft.Security/pricings?api-version=2024-01-01"]
        ).collect(context, inventory: inventory)
    }
}

/// Azure role assignments in every subscription read (at and below it), and the role definitions they use.
public struct RoleAssignmentsCollector: EstateCollector {
    public static let name = "role-assignments"

    public init() {}

    public func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart {
        var part = await SubscriptionLists(
            name: Self.name, types: ["Microsoft.Authorization/roleAssignments", "Microsoft.Authorization/roleDefinitions"],
            role: "Reader (Microsoft.Authorization/roleAssignments/read)",
            lists: [
                "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
                "/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01",
            ], scopeFromProperties: true
        ).collect(context, inventory: inventory)
        // Keep the definitions the assignments use (by their GUID, which is the same at every scope).
        let used = Set(
            part.armResources.compactMap { record -> String? in
                guard record[member: "type"]?.stringValue == "Microsoft.Authorization/roleAssignments" else { return nil }
                return record[member: "properties"]?[member: "roleDefinitionId"]?.stringValue.map(Self.guid)
            })
        part.armResources.removeAll { record in
            record[member: "type"]?.stringValue == "Microsoft.Authorization/roleDefinitions"
                && !used.contains(Self.guid(record[member: "id"]?.stringValue ?? ""))
        }
        return part
    }

    static func guid(_ id: String) -> String { String(id.split(separator: "/").last ?? "").lowercased() }
}

/// Privileged Identity Management for Azure resources: eligible and active role schedules in every subscription.
public struct PIMAzureCollector: EstateCollector {
    public static let name = "pim-azure"

    public init() {}

    public func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart {
        await SubscriptionLists(
            name: Self.name,
            types: ["Microsoft.Authorization/roleEligibilitySchedules", "Microsoft.Authorization/roleAssignmentScheduleInstances"],
            role: "Reader (Microsoft.Authorization/roleEligibilitySchedules/read)",
            lists: [
                "/providers/Microsoft.Authorization/roleEligibilitySchedules?api-version=2020-10-01&$filter=atScope()",
                "/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=2020-10-01&$filter=atScope()",
            ], scopeFromProperties: true
        ).collect(context, inventory: inventory)
    }
}

/// Lists read once per subscription (`/subscriptions/{id}` + each of `lists`), bounded per subscription.
struct SubscriptionLists {
    var name: String
    var types: [String]
    var role: String
    var lists: [String]
    /// Extension resources: `scope` from `properties.scope`.
    var scopeFromProperties = false

    func collect(_ context: CollectionContext, inventory: Inventory) async -> CollectedPart {
        let statistics = RequestStatistics(parent: context.rest.statistics)
        let reader = ARMReader(context: context, rest: context.rest.counting(into: statistics))
        let work = inventory.subscriptions.flatMap { subscription in
            lists.map { (subscription: subscription.lowercased(), item: (subscription, "/subscriptions/\(subscription)" + $0)) }
        }
        let outcomes = await BoundedWork.run(work, perSubscription: context.options.perSubscription) { item in
            (item.0, await reader.list(item.1))
        }
        var tally = ARMCollectorTally(name: name, types: types, role: role, subscriptions: inventory.subscriptions)
        let fromProperties = scopeFromProperties
        for (subscription, outcome) in outcomes {
            tally.add(outcome, subscription: subscription) { item in
                ARMReader.record(item, scope: fromProperties ? item[member: "properties"]?[member: "scope"]?.stringValue : nil)
            }
        }
        context.progress(CollectionProgress(stage: name, subscriptions: inventory.subscriptions.count, resources: tally.records.count))
        return CollectedPart(armResources: tally.records, reports: [tally.report(statistics: statistics)])
    }
}
