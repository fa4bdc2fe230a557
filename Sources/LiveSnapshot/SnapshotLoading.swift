public import PostureModel
import SourceModel

/// A collected estate as resources for the rules: what a scan of a snapshot folder judges, and what a live scan
/// judges straight from memory, so that both give the same verdicts.
///
/// ARM records become resources with their parent, children and (for extension resources) scope linked; Graph
/// objects become their `Microsoft.Graph/*` resources named by `displayName`; the tenant becomes a
/// `Microsoft.Graph/tenants` resource when a Graph collector ran; and every collector that did not read everything
/// marks its types' coverage incomplete, with a warning naming what was missing.
public enum SnapshotLoading {
    /// Loads an estate held in memory (a live scan, before or instead of writing a snapshot).
    /// - Parameters:
    ///   - content: the collected estate.
    ///   - name: what the estate is called in warnings (a scope such as `subscription 0000…`); resources without a
    ///     file location point at their resource id.
    /// - Returns: the resources, the coverage of incomplete collectors' types, and a warning per such collector.
    public static func load(_ content: SnapshotContent, origin name: String) -> LoadedInput {
        load(content, at: SourceLocation(.liveResource, name: name))
    }

    /// Loads a snapshot read from a folder: resources at their lines, warnings and the tenant at the manifest.
    public static func load(_ reading: SnapshotReading) -> LoadedInput {
        var input = load(reading.content, at: SourceLocation(file: reading.manifestFile, line: 1, column: 1))
        input.problems.insert(contentsOf: reading.problems, at: 0)
        return input
    }

    static func load(_ content: SnapshotContent, at origin: SourceLocation) -> LoadedInput {
        var input = LoadedInput()
        for record in content.armResources {
            if let resource = armResource(record, problems: &input.problems, origin: origin) { input.resources.append(resource) }
        }
        for record in content.graphObjects {
            if let resource = graphResource(record, problems: &input.problems, origin: origin) { input.resources.append(resource) }
        }
        ResourceLinks.linkChildren(&input.resources)
        if let tenant = tenantResource(content, at: origin) { input.resources.append(tenant) }
        let coverage = CollectorCoverage(content)
        input.coverage = coverage.coverage
        input.problems += coverage.warnings(at: origin)
        return input
    }

    static func armResource(_ record: Value, problems: inout [Diagnostic], origin: SourceLocation) -> Resource? {
        guard let identity = identity(of: record, problems: &problems, origin: origin) else { return nil }
        let type = ResourceType(ResourceTypeCasing.armCasing(identity.type))
        let name = record[member: "name"]?.stringValue ?? ResourceLinks.lastSegment(of: identity.id)
        return Resource(
            type: type, name: name, id: identity.id, apiVersion: record[member: "apiVersion"]?.stringValue, body: record,
            parentID: ResourceLinks.parentID(of: identity.id, type: type),
            scopeID: record[member: "scope"]?.stringValue ?? ResourceLinks.extensionScope(of: identity.id, type: type),
            source: record.location ?? SourceLocation(.liveResource, name: identity.id), origin: .live)
    }

    static func graphResource(_ record: Value, problems: inout [Diagnostic], origin: SourceLocation) -> Resource? {
        guard let identity = identity(of: record, problems: &problems, origin: origin) else { return nil }
        let name =
            record[member: "name"]?.stringValue ?? record[member: "properties"]?[member: "displayName"]?.stringValue ?? identity.id
        return Resource(
            type: ResourceType(ResourceTypeCasing.armCasing(identity.type)), name: name, id: identity.id, body: record,
            source: record.location ?? SourceLocation(.liveResource, name: identity.id), origin: .live)
    }

    /// A record's `id` and `type`, or a diagnostic when it has none (a collector's mistake: the record is left out).
    static func identity(of record: Value, problems: inout [Diagnostic], origin: SourceLocation) -> (id: String, type: String)? {
        if let id = record[member: "id"]?.stringValue, let type = record[member: "type"]?.stringValue, !id.isEmpty, !type.isEmpty {
            return (id, type)
        }
        problems.append(
            Diagnostic(
                .malformedSnapshotRecord, at: record.location ?? origin,
                "a collected record has no string 'id' and 'type'; it was left out"))
        return nil
    }

    /// The tenant as a resource for tenant-wide rules, when a Graph collector ran (even one that was denied, so
    /// that its rules report unknown rather than nothing), unless the collection already holds one.
    static func tenantResource(_ content: SnapshotContent, at origin: SourceLocation) -> Resource? {
        let manifest = content.manifest
        guard manifest.collectors.contains(where: { $0.name.hasPrefix("graph-") }) else { return nil }
        let tenantType = ResourceType("Microsoft.Graph/tenants")
        guard !content.graphObjects.contains(where: { $0[member: "type"]?.stringValue.map { ResourceType($0) } == tenantType }) else {
            return nil
        }
        let tenantID = manifest.tenantID ?? "unknown"
        let id = "/tenants/\(tenantID)"
        let name = manifest.tenantDisplayName ?? manifest.tenantID ?? "tenant"
        let location = origin.kind == .file ? origin : SourceLocation(.liveResource, name: id)
        let body = Value(
            .object([
                .init(key: "id", value: .string(id, at: location)),
                .init(key: "type", value: .string(tenantType.name, at: location)),
                .init(key: "name", value: .string(name, at: location)),
                .init(
                    key: "properties",
                    value: Value(
                        .object([.init(key: "tenantId", value: manifest.tenantID.map { .string($0, at: location) } ?? .null)]),
                        location: location)),
            ]), location: location)
        return Resource(type: tenantType, name: name, id: id, body: body, source: location, origin: .live)
    }
}
