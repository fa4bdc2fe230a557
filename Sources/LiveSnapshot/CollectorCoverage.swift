import PostureModel
import SourceModel

/// What the collectors that did not read everything leave unknown: the coverage of their types, and a warning each.
struct CollectorCoverage {
    /// The collectors whose status is not `complete`, in the manifest's order, with why.
    var incomplete: [(report: CollectorReport, reason: String)] = []
    var coverage: [ResourceType: Coverage] = [:]

    /// `types: ["*"]` (Resource Graph's inventory) stands for every ARM type: the types collected and the types the
    /// bundled casing list knows (every type a rule names), except Graph types and those another collector reports
    /// on (diagnostic settings read in full stay complete when the inventory was cut short).
    static let everyType = "*"

    init(_ content: SnapshotContent) {
        let collectors = content.manifest.collectors
        let explicitlyCollected = Set(collectors.flatMap(\.types).filter { $0 != Self.everyType }.map { ResourceType($0) })
        for report in collectors where report.status != .complete {
            let reason = Self.reason(report)
            incomplete.append((report, reason))
            var types = Set(report.types.filter { $0 != Self.everyType }.map { ResourceType($0) })
            if report.types.contains(Self.everyType) {
                let armTypes = content.armResources.compactMap { $0[member: "type"]?.stringValue }.map { ResourceType($0) }
                let known = ResourceTypeCasing.knownTypes.map { ResourceType($0) }
                for type in armTypes + known where type.namespace.lowercased() != "microsoft.graph" && !explicitlyCollected.contains(type) {
                    types.insert(type)
                }
            }
            for type in types {
                if case .incomplete(let earlier) = coverage[type] {
                    coverage[type] = .incomplete(reason: earlier + "; " + reason)
                } else {
                    coverage[type] = .incomplete(reason: reason)
                }
            }
        }
    }

    /// `denied: the identity lacks Policy.Read.All`, `partial: 2 of 3 subscriptions read`.
    static func reason(_ report: CollectorReport) -> String {
        let detail: String
        switch report.status {
        case .denied:
            detail =
                report.missingPermission.map { "the identity lacks \($0)" } ?? report.messages.first ?? "the identity lacks a permission"
        case .partial: detail = report.messages.first ?? "not everything in scope was read"
        case .failed: detail = report.messages.first ?? "nothing was read"
        case .complete: detail = "everything was read"
        }
        return "\(report.status.rawValue): \(detail)"
    }

    /// One warning per incomplete collector, at `location`.
    func warnings(at location: SourceLocation) -> [Diagnostic] {
        incomplete.map { entry in
            let (report, reason) = entry
            let types =
                report.types.contains(Self.everyType)
                ? "every resource type it inventories" : report.types.isEmpty ? "its resource types" : report.types.joined(separator: ", ")
            return Diagnostic(
                .incompleteCollection, .warning, at: location,
                "the \(report.name) collector did not read everything (\(reason)); rules on \(types) report unknown where "
                    + "what is missing would decide")
        }
    }
}
