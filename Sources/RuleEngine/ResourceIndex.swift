public import PostureModel

/// All resources of one scan, by type, for rules that look across resources (private endpoints, diagnostic
/// settings, a tenant's policies). Built once per scan; the lookups `related` and `resources:` use are built the
/// first time a rule asks for them and shared by every evaluation after, whatever thread it runs on.
public struct ResourceIndex: Sendable {
    public let resources: [Resource]
    /// Types the input may not describe completely (see ``Coverage``); every other type is complete.
    public let coverage: [ResourceType: Coverage]
    /// How `related` and `resources:` find the resources they look at.
    public let links: LinkResolution
    let byType: [ResourceType: [Int]]
    let lookups = IndexLookups()

    /// How cross-resource conditions find their candidates. Both give the same verdicts; `scan` is the reference
    /// the lookups are tested and measured against.
    public enum LinkResolution: Sendable, Hashable {
        /// Lookups by referenced id and by id prefix, built once per (type, path): near-linear over an estate.
        case indexed
        /// Every candidate of the type read for every judged resource: quadratic, kept for comparison.
        case scan
    }

    public init(_ resources: [Resource], coverage: [ResourceType: Coverage] = [:], links: LinkResolution = .indexed) {
        self.resources = resources
        self.coverage = coverage
        self.links = links
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
