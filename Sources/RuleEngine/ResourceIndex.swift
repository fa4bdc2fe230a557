public import PostureModel

/// All resources of one scan, by type, for rules that look across resources (private endpoints, diagnostic
/// settings). Built once per scan.
public struct ResourceIndex: Sendable {
    public let resources: [Resource]
    private let byType: [ResourceType: [Int]]

    public init(_ resources: [Resource]) {
        self.resources = resources
        var byType: [ResourceType: [Int]] = [:]
        for (index, resource) in resources.enumerated() { byType[resource.type, default: []].append(index) }
        self.byType = byType
    }

    public func resources(ofType type: ResourceType) -> some Sequence<Resource> {
        (byType[type] ?? []).lazy.map { resources[$0] }
    }
}
