public import PostureModel

/// All resources of one scan, by type, for rules that look across resources (private endpoints, diagnostic
/// settings). Built once per scan.
public struct ResourceIndex: Sendable {
    public let resources: [Resource]
    /// Types the input may not describe completely (see ``Coverage``); every other type is complete.
    public let coverage: [ResourceType: Coverage]
    private let byType: [ResourceType: [Int]]

    public init(_ resources: [Resource], coverage: [ResourceType: Coverage] = [:]) {
        self.resources = resources
        self.coverage = coverage
        var byType: [ResourceType: [Int]] = [:]
        for (index, resource) in resources.enumerated() { byType[resource.type, default: []].append(index) }
        self.byType = byType
    }

    /// How completely the input describes resources of `type`.
    public func coverage(of type: ResourceType) -> Coverage { coverage[type] ?? .complete }

    public func resources(ofType type: ResourceType) -> some Sequence<Resource> {
        (byType[type] ?? []).lazy.map { resources[$0] }
    }
}
