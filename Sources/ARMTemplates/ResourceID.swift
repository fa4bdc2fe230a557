import Foundation
import PostureModel

/// Builds Azure resource ids the way `resourceId()` and a resource declaration both do, so the two compare
/// equal. The deployment's subscription and resource group come from the ``DeploymentContext``.
enum ResourceID {
    /// `scope/providers/Namespace/type1/name1/type2/name2`.
    static func make(scope: String, type: ResourceType, names: [String]) -> String {
        var id = scope.hasSuffix("/") ? String(scope.dropLast()) : scope
        id += "/providers/" + type.namespace
        for (index, segment) in type.segments.enumerated() {
            id += "/" + segment
            if index < names.count { id += "/" + names[index] }
        }
        return id
    }

    /// The id of the parent of a child resource id, or nil for a top-level resource.
    static func parent(of id: String) -> String? {
        guard let range = id.range(of: "/providers/", options: .backwards) else { return nil }
        let tail = id[range.upperBound...].split(separator: "/")
        // Namespace, then type/name pairs: a child has at least two pairs.
        guard tail.count >= 5 else { return nil }
        return String(id[..<range.upperBound]) + tail.dropLast(2).joined(separator: "/")
    }
}
