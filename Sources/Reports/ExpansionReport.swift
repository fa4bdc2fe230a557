public import Foundation
import SourceModel
public import PostureModel

/// `bulwark expand` output. JSON contract version 1:
/// `{"version": 1, "resources": [{"type", "name", "id", "address" (Terraform only), "apiVersion", "location", "kind", "sku", "identity",
/// "properties", "condition": true|false|"unknown", "source": {"file", "line", "column"}, "unknowns":
/// [{"path", "expression", "reason"}]}], "warnings": [...], "notes": [...], "errors": [...]}`.
public struct ExpansionReport {
    public init() {}

    public func json(_ expansion: LoadedInput) throws -> Data {
        try JSONEncoder.report.encode(Document(expansion))
    }

    /// One line per resource, then the problems.
    public func table(_ expansion: LoadedInput) -> String {
        var lines: [String] = []
        let all = expansion.resources + expansion.skipped
        // Terraform resources are named by their addresses too: a column only when some resource has one.
        let withAddress = all.contains { $0.address != nil }
        let rows = all.map { resource in
            (withAddress ? [resource.address ?? "-"] : []) + [
                resource.type.name, resource.name, Self.conditionText(resource.condition), "\(Self.unknowns(in: resource).count)",
                resource.source.description,
            ]
        }
        let header = (withAddress ? ["ADDRESS"] : []) + ["TYPE", "NAME", "DEPLOYED", "UNKNOWNS", "SOURCE"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            lines.append(
                zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(
                    in: .whitespaces))
        }
        for problem in expansion.problems { lines.append(problem.description) }
        lines.append("\(expansion.resources.count) resources deployed, \(expansion.skipped.count) skipped by their condition")
        return lines.joined(separator: "\n") + "\n"
    }

    static func conditionText(_ condition: DeploymentCondition) -> String {
        switch condition {
        case .met: "yes"
        case .notMet: "no"
        case .unknown: "unknown"
        }
    }

    /// Every unknown value in a resource's body, with its field path.
    static func unknowns(in resource: Resource) -> [UnknownEntry] {
        var found: [UnknownEntry] = []
        func walk(_ value: Value, _ path: String) {
            switch value.kind {
            case .unknown(let unknown): found.append(UnknownEntry(path: path, expression: unknown.expression, reason: unknown.reason))
            case .array(let elements): for (index, element) in elements.enumerated() { walk(element, "\(path)[\(index)]") }
            case .object(let members): for member in members { walk(member.value, path.isEmpty ? member.key : "\(path).\(member.key)") }
            default: break
            }
        }
        walk(resource.body, "")
        return found
    }

    struct UnknownEntry: Encodable {
        var path: String
        var expression: String
        var reason: String
    }

    struct Document: Encodable {
        var version = 1
        var resources: [ResourceEntry]
        var warnings: [ProblemEntry]
        var notes: [ProblemEntry]
        var errors: [ProblemEntry]

        init(_ expansion: LoadedInput) {
            resources = (expansion.resources + expansion.skipped).map(ResourceEntry.init)
            warnings = expansion.problems.filter { $0.severity == .warning }.map(ProblemEntry.init)
            notes = expansion.problems.filter { $0.severity == .note }.map(ProblemEntry.init)
            errors = expansion.problems.filter { $0.severity == .error }.map(ProblemEntry.init)
        }
    }

    struct ResourceEntry: Encodable {
        var resource: Resource

        enum CodingKeys: String, CodingKey {
            case type, name, id, address, apiVersion, location, kind, sku, identity, properties, condition, source, unknowns
        }

        struct Source: Encodable {
            var file: String
            var line: Int
            var column: Int
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(resource.type.name, forKey: .type)
            try container.encode(resource.name, forKey: .name)
            try container.encode(resource.id, forKey: .id)
            try container.encodeIfPresent(resource.address, forKey: .address)
            try container.encode(resource.apiVersion, forKey: .apiVersion)
            try container.encode(resource.location.map(EncodableValue.init), forKey: .location)
            try container.encode(resource.kind.map(EncodableValue.init), forKey: .kind)
            try container.encode(resource.sku.map(EncodableValue.init), forKey: .sku)
            try container.encode(resource.identity.map(EncodableValue.init), forKey: .identity)
            try container.encode(resource.properties.map(EncodableValue.init), forKey: .properties)
            switch resource.condition {
            case .met: try container.encode(true, forKey: .condition)
            case .notMet: try container.encode(false, forKey: .condition)
            case .unknown: try container.encode("unknown", forKey: .condition)
            }
            try container.encode(
                Source(file: resource.source.file, line: resource.source.line, column: resource.source.column), forKey: .source)
            try container.encode(ExpansionReport.unknowns(in: resource), forKey: .unknowns)
        }
    }
}
