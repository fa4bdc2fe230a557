public import Foundation
import SourceModel
import PostureModel
public import RuleEngine

/// SARIF 2.1.0 for code-scanning tools: every rule with help text, a result per failed or undecided
/// finding with file/line/column and a `partialFingerprints` entry that survives line moves, and
/// `security-severity` as GitHub reads it. Input problems are tool execution notifications.
///
/// Suppressed results carry `suppressions` (inline: `inSource`, project file: `external`); with a baseline every result
/// has a `baselineState` and the baseline's fixed entries are results in state `absent`. Findings of a vulnerability
/// scan whose host matched no scanned resource have no file to point at: they are left out, and counted in a
/// notification.
public struct SARIFReport {
    /// The analysis category: `runs[0].automationDetails.id` is `bulwark/<category>/`, so code scanning keeps one
    /// analysis per category (posture of templates vs a live estate) apart.
    public var category: String

    public init(category: String = "posture") {
        self.category = category
    }

    public func render(_ result: ScanResult) throws -> Data {
        try JSONEncoder.report.encode(Log(result, category: category))
    }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }

        init(_ result: ScanResult, category: String) {
            runs = [Run(result, category: category)]
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var automationDetails: AutomationDetails
        var results: [ResultEntry]
        var invocations: [Invocation]
        /// Columns count Unicode scalars (see `SourcePosition`).
        var columnKind = "unicodeCodePoints"

        init(_ scan: ScanResult, category: String) {
            let rules = scan.rules.sorted { $0.id < $1.id }
            let indexByID = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            tool = Tool(driver: Driver(rules: rules.map(RuleDescriptor.init)))
            automationDetails = AutomationDetails(id: "bulwark/\(category)/")
            let hasBaseline = scan.fixed != nil
            var unplaced = 0
            results = scan.findings.compactMap { finding in
                guard finding.status != .pass, let index = indexByID[finding.ruleID] else { return nil }
                if let vulnerability = finding.vulnerability, vulnerability.joinedBy == nil {
                    unplaced += 1
                    return nil
                }
                return ResultEntry(finding, rule: rules[index], index: index, hasBaseline: hasBaseline)
            }
            for entry in scan.fixed ?? [] {
                results.append(ResultEntry(fixed: entry, index: indexByID[entry.ruleId]))
            }
            invocations = [Invocation(scan, unplacedHostFindings: unplaced)]
        }
    }

    struct AutomationDetails: Encodable {
        var id: String
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = ToolInfo.name
        var version = ToolInfo.version
        var semanticVersion = ToolInfo.version
        var informationUri = ToolInfo.informationURI
        var rules: [RuleDescriptor]
    }

    struct Message: Encodable {
        var text: String
        var markdown: String?
    }

    struct RuleDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var helpUri: String?
        var defaultConfiguration: Configuration
        var properties: Properties

        struct Configuration: Encodable {
            var level: String
        }

        struct Properties: Encodable {
            var tags: [String]
            var precision = "high"
            var securitySeverity: String
            var problemSeverity: String

            enum CodingKeys: String, CodingKey {
                case tags, precision
                case securitySeverity = "security-severity"
                case problemSeverity = "problem.severity"
            }
        }

        init(_ rule: Rule) {
            id = rule.id
            name = rule.title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined()
            shortDescription = Message(text: rule.title)
            fullDescription = Message(text: rule.rationale)
            help = Message(text: SARIFReport.helpText(rule), markdown: SARIFReport.helpMarkdown(rule))
            helpUri = rule.links.first
            defaultConfiguration = Configuration(level: SARIFReport.level(rule.severity))
            properties = Properties(
                tags: SARIFReport.uniqueTags(
                    ["security", rule.category] + rule.controls.map(\.rawValue) + (rule.compliance["MCSB"] ?? []).map { "MCSB/\($0)" }),
                securitySeverity: rule.severity.securitySeverityScore,
                problemSeverity: rule.severity >= .high ? "error" : (rule.severity == .medium ? "warning" : "recommendation")
            )
        }
    }

    struct ResultEntry: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var kind: String
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var suppressions: [SuppressionEntry]?
        var baselineState: String?

        init(_ finding: Finding, rule: Rule, index: Int, hasBaseline: Bool) {
            ruleId = finding.ruleID
            ruleIndex = index
            // A suppressed finding stays a failure; its `suppressions` entry sets it aside.
            let failing = finding.status == .fail || finding.status == .suppressed
            kind = failing ? "fail" : "review"
            // SARIF 2.1.0 §3.27.9: a result whose kind is not "fail" has level "none".
            level = failing ? SARIFReport.level(rule.severity) : "none"
            let resource = finding.resource
            // A Terraform resource is named by its address too: `module.ai.azurerm_cognitive_account.openai`.
            let address = resource.address.map { " (\($0))" } ?? ""
            var text = "\(resource.type) '\(resource.name)'\(address): \(finding.message)"
            if let applied = finding.suppression, applied.expired {
                text += " (its suppression expired on \(applied.suppression.expires?.description ?? "?"): \(applied.suppression.reason))"
            }
            message = Message(text: text)
            var location = Location(finding.location, logicalName: resource.name, kind: resource.type.name)
            if let address = resource.address {
                location.logicalLocations?.append(LogicalLocation(name: address, kind: "terraformAddress", fullyQualifiedName: address))
            }
            locations = [location]
            partialFingerprints = ["bulwarkFinding/v1": finding.fingerprint]
            if let applied = finding.suppression, !applied.expired, finding.status == .suppressed {
                suppressions = [SuppressionEntry(applied.suppression)]
            }
            if hasBaseline {
                // SARIF 2.1.0 §3.27.24: present on one result, present on all. A result the baseline did not record
                // (an undecided or suppressed one) is new to it.
                baselineState = (finding.baseline ?? .new).rawValue
            }
        }

        /// A failure of the baseline this scan no longer finds.
        init(fixed entry: BaselineEntry, index: Int?) {
            ruleId = entry.ruleId
            ruleIndex = index
            kind = "pass"
            level = "none"
            let address = entry.address.map { " (\($0))" } ?? ""
            message = Message(text: "\(entry.resourceType) '\(entry.resourceName)'\(address): fixed since the baseline")
            var location = Location(file: entry.file)
            location.logicalLocations = [
                LogicalLocation(
                    name: entry.resourceName, kind: "resource", fullyQualifiedName: "\(entry.resourceType)/\(entry.resourceName)")
            ]
            locations = [location]
            partialFingerprints = ["bulwarkFinding/v1": entry.fingerprint]
            baselineState = "absent"
        }
    }

    struct SuppressionEntry: Encodable {
        var kind: String
        // No `status`: absent means accepted (SARIF 2.1.0 §3.35.3), and the schema CI validates against (the OASIS
        // repository's sarif-schema-2.1.0.json) does not know the member.
        var justification: String
        var location: Location?

        init(_ suppression: Suppression) {
            kind = suppression.origin == .inline ? "inSource" : "external"
            justification = suppression.reason
            if let expires = suppression.expires { justification += " (until \(expires))" }
            location = Location(suppression.location)
        }
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]

        init(_ scan: ScanResult, unplacedHostFindings: Int) {
            executionSuccessful = scan.errors.isEmpty
            toolExecutionNotifications = scan.problems.filter { $0.severity != .note }.map(Notification.init)
            if unplacedHostFindings > 0 {
                toolExecutionNotifications.append(
                    Notification(
                        level: "note",
                        message: Message(
                            text:
                                "\(unplacedHostFindings) vulnerability finding\(unplacedHostFindings == 1 ? "" : "s") on hosts matched to no scanned resource left out: they have no file to point at (see the JSON or HTML report)"
                        ), locations: [], properties: ["code": "unplaced-host-findings"]))
            }
        }
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
        var locations: [Location]
        /// The problem's code (`malformed-json`), as a property: SARIF descriptors would need a table of them.
        var properties: [String: String]

        init(level: String, message: Message, locations: [Location], properties: [String: String]) {
            self.level = level
            self.message = message
            self.locations = locations
            self.properties = properties
        }

        init(_ problem: Diagnostic) {
            level = problem.severity == .error ? "error" : "warning"
            message = Message(text: problem.message)
            locations = [Location(problem.location)]
            properties = ["code": problem.code.rawValue]
        }
    }

    /// SARIF requires tags to be unique; a category may repeat a control's name.
    static func uniqueTags(_ tags: [String]) -> [String] {
        var seen: Set<String> = []
        return tags.filter { seen.insert($0).inserted }
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    static func helpText(_ rule: Rule) -> String {
        var text = rule.rationale
        if let az = rule.remediation.az { text += "\n\nFix with az:\n\(az)" }
        if let bicep = rule.remediation.bicep { text += "\n\nBicep:\n\(bicep)" }
        if let terraform = rule.remediation.terraform { text += "\n\nTerraform:\n\(terraform)" }
        return text
    }

    static func helpMarkdown(_ rule: Rule) -> String {
        var text = "**\(rule.title)**\n\n\(rule.rationale)\n"
        if let az = rule.remediation.az { text += "\n**az CLI**\n```sh\n\(az)\n```\n" }
        if let bicep = rule.remediation.bicep { text += "\n**Bicep**\n```bicep\n\(bicep)\n```\n" }
        if let terraform = rule.remediation.terraform { text += "\n**Terraform**\n```hcl\n\(terraform)\n```\n" }
        if !rule.links.isEmpty { text += "\n" + rule.links.map { "- <\($0)>" }.joined(separator: "\n") + "\n" }
        return text
    }
}
