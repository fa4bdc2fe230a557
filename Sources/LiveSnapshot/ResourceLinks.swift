import Foundation
import PostureModel

/// Parent, child and scope links read from ARM resource ids, as ARM itself forms them.
enum ResourceLinks {
    /// Extension resource types, whose id is `{target id}/providers/{type}/{name}`: their scope is the target.
    static let extensionTypes: Set<ResourceType> = [
        "Microsoft.Insights/diagnosticSettings", "Microsoft.Authorization/roleAssignments",
        "Microsoft.Authorization/roleEligibilitySchedules", "Microsoft.Authorization/roleAssignmentScheduleInstances",
        "Microsoft.Authorization/locks",
    ]

    static func lastSegment(of id: String) -> String {
        id.split(separator: "/").last.map(String.init) ?? id
    }

    /// The parent's id for a child type (`…/accounts/a/deployments/d` → `…/accounts/a`): the id without its last
    /// type and name, when the id has a segment pair for every type segment after the last `providers`.
    static func parentID(of id: String, type: ResourceType) -> String? {
        let typeSegments = type.segments.count
        guard typeSegments > 1 else { return nil }
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard let providers = parts.lastIndex(where: { $0.lowercased() == "providers" }) else { return nil }
        // After `providers`: the namespace, then a type segment and a name for each of the type's segments.
        guard parts.count - providers - 2 == 2 * typeSegments else { return nil }
        return parts.dropLast(2).joined(separator: "/")
    }

    /// The target of an extension resource whose record has no `scope`: the id before its last `/providers/`.
    static func extensionScope(of id: String, type: ResourceType) -> String? {
        guard extensionTypes.contains(type), let range = id.range(of: "/providers/", options: [.backwards, .caseInsensitive]) else {
            return nil
        }
        let target = String(id[..<range.lowerBound])
        return target.isEmpty ? "/" : target
    }

    /// Gives every parent the ids of the children that name it, in the order the children come.
    static func linkChildren(_ resources: inout [Resource]) {
        var positions: [String: Int] = [:]
        for (position, resource) in resources.enumerated() where positions[resource.id.lowercased()] == nil {
            positions[resource.id.lowercased()] = position
        }
        for child in resources.indices {
            guard let parentID = resources[child].parentID, let parent = positions[parentID.lowercased()] else { continue }
            resources[parent].childIDs.append(resources[child].id)
        }
    }
}
