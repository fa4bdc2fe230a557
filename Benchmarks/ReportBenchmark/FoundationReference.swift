import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel

// The JSON report as it was written before the streaming writer (main at d9f310e): Encodable values through
// Foundation's JSONEncoder. Kept here only as the reference the benchmark compares the writer with.
enum FoundationReference {
    static func render(_ result: ScanResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(result))
    }

    struct Document: Encodable {
        var version = 1
        var tool = Tool()
        var summary: ScanResult.Summary
        var findings: [FindingEntry]
        var errors: [ProblemEntry]
        /// Added in version 1 beside the contract's members: problems that did not stop the scan.
        var warnings: [ProblemEntry]

        init(_ result: ScanResult) {
            summary = result.summary
            let rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            findings = result.findings.compactMap { finding in rules[finding.ruleID].map { FindingEntry(finding, rule: $0) } }
            errors = result.problems.filter { $0.severity == .error }.map(ProblemEntry.init)
            warnings = result.problems.filter { $0.severity == .warning }.map(ProblemEntry.init)
        }
    }

    struct Tool: Encodable {
        var name = ToolInfo.name
        var version = ToolInfo.version
    }

    struct FindingEntry: Encodable {
        var ruleId: String
        var title: String
        var severity: Severity
        var status: FindingStatus
        var resource: ResourceEntry
        var property: String?
        var actual: EncodableValue?
        var message: String
        var controls: [Control]
        var compliance: [String: [String]]
        var remediation: Rule.Remediation

        init(_ finding: Finding, rule: Rule) {
            ruleId = finding.ruleID
            title = rule.title
            severity = rule.severity
            status = finding.status
            resource = ResourceEntry(finding)
            property = finding.property
            actual = finding.actual.map(EncodableValue.init)
            message = finding.message
            controls = rule.controls
            compliance = rule.compliance
            remediation = rule.remediation
        }

        enum CodingKeys: String, CodingKey {
            case ruleId, title, severity, status, resource, property, actual, message, controls, compliance, remediation
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ruleId, forKey: .ruleId)
            try container.encode(title, forKey: .title)
            try container.encode(severity, forKey: .severity)
            try container.encode(status, forKey: .status)
            try container.encode(resource, forKey: .resource)
            // `property` and `actual` are always present; null says "no single property decided" / "absent".
            try container.encode(property, forKey: .property)
            try container.encode(actual, forKey: .actual)
            try container.encode(message, forKey: .message)
            try container.encode(controls, forKey: .controls)
            try container.encode(compliance, forKey: .compliance)
            try container.encode(remediation, forKey: .remediation)
        }
    }

    struct ResourceEntry: Encodable {
        var type: String
        var name: String
        var id: String
        /// The Terraform address (module path and instance key included); absent for other inputs.
        var address: String?
        var file: String
        var line: Int
        var column: Int

        init(_ finding: Finding) {
            type = finding.resource.type.name
            name = finding.resource.name
            id = finding.resource.id
            address = finding.resource.address
            file = finding.location.file
            line = finding.location.line
            column = finding.location.column
        }
    }
}
