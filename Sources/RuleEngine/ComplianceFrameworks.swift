import Foundation
import SourceModel
import LocatedYAML

/// The compliance frameworks Bulwark maps to, with their control titles, and the crosswalk from MCSB v1
/// controls onward — all read from one data file (`Definitions/frameworks.yaml`).
public struct ComplianceFrameworks: Sendable {
    public struct Framework: Sendable, Hashable {
        public var id: String
        public var title: String
        /// Control id → title.
        public var controls: [String: String]
    }

    public private(set) var frameworks: [Framework]
    /// MCSB control → framework id → that framework's controls.
    public private(set) var crosswalk: [String: [String: [String]]]

    /// The bundled definitions.
    public static let bundled: ComplianceFrameworks = {
        guard let url = Bundle.module.url(forResource: "frameworks", withExtension: "yaml", subdirectory: "Definitions"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return ComplianceFrameworks(frameworks: [], crosswalk: [:]) }
        return parse(text, file: "builtin:frameworks.yaml")
    }()

    public func framework(_ id: String) -> Framework? {
        frameworks.first { $0.id.caseInsensitiveEquals(id) }
    }

    static func parse(_ text: String, file: String) -> ComplianceFrameworks {
        guard let document = try? YAMLDocument.compose(text, file: file) else { return ComplianceFrameworks(frameworks: [], crosswalk: [:]) }
        let frameworks = (document["frameworks"]?.mapping ?? []).map { entry in
            Framework(
                id: entry.key, title: entry.value["title"]?.string ?? entry.key,
                controls: Dictionary((entry.value["controls"]?.mapping ?? []).map { ($0.key, $0.value.string ?? "") }, uniquingKeysWith: { first, _ in first })
            )
        }
        var crosswalk: [String: [String: [String]]] = [:]
        for entry in document["crosswalk"]?.mapping ?? [] {
            crosswalk[entry.key] = Dictionary((entry.value.mapping ?? []).map { ($0.key, $0.value.strings() ?? []) }, uniquingKeysWith: { first, _ in first })
        }
        return ComplianceFrameworks(frameworks: frameworks, crosswalk: crosswalk)
    }

    /// A rule's compliance with the other frameworks filled in from its MCSB controls. Ids a rule states
    /// itself are kept.
    func derived(_ compliance: [String: [String]]) -> [String: [String]] {
        var result = compliance
        for control in compliance["MCSB"] ?? [] {
            for (framework, ids) in crosswalk[control] ?? [:] {
                var merged = result[framework] ?? []
                for id in ids where !merged.contains(id) { merged.append(id) }
                result[framework] = merged
            }
        }
        return result
    }

    /// Problems with a rule's compliance mapping: unknown frameworks or control ids.
    func problems(in rule: Rule) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (frameworkID, ids) in rule.compliance {
            guard let framework = framework(frameworkID) else {
                problems.append(Diagnostic(.invalidValue, at: rule.source, "rule \(rule.id) maps to unknown framework '\(frameworkID)'; the frameworks are \(frameworks.map(\.id).joined(separator: ", "))"))
                continue
            }
            for id in ids where framework.controls[id] == nil {
                problems.append(Diagnostic(.invalidValue, at: rule.source, "rule \(rule.id) maps to \(frameworkID) control '\(id)', which docs/frameworks data does not define; add its title to Definitions/frameworks.yaml"))
            }
        }
        return problems
    }
}
