public import Foundation
import SourceModel
import PostureModel
public import RuleEngine

/// GitLab's SAST report (`artifacts:reports:sast`), security report schema 15.0.4: failing findings only (passes,
/// undecided and suppressed ones are not vulnerabilities), each with its rule as identifier, file and line, and a
/// stable id made from the finding's fingerprint so GitLab tracks it across pipelines.
public struct GitLabReport {
    public static let schemaVersion = "15.0.4"
    public var context: ReportContext

    public init(context: ReportContext = ReportContext()) {
        self.context = context
    }

    public func render(_ result: ScanResult) -> Data {
        let rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let time = Self.time(context.generatedAt)
        var json = JSONWriter(capacity: 1_024 + result.findings.count * 600)
        json.beginObject()
        json.member("version", Self.schemaVersion)
        json.member(
            "schema",
            "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v\(Self.schemaVersion)/dist/sast-report-format.json"
        )
        json.key("scan")
        json.beginObject()
        json.key("analyzer")
        Self.tool(into: &json)
        json.key("scanner")
        Self.tool(into: &json)
        json.member("type", "sast")
        json.member("start_time", time)
        json.member("end_time", time)
        json.member("status", result.errors.isEmpty ? "success" : "failure")
        json.endObject()
        json.key("vulnerabilities")
        json.beginArray()
        for finding in result.findings where finding.status == .fail {
            guard let rule = rules[finding.ruleID] else { continue }
            Self.vulnerability(finding, rule: rule, into: &json)
        }
        json.endArray()
        json.endObject()
        return Data(json.bytes)
    }

    static func tool(into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", "bulwark")
        json.member("name", "Bulwark")
        json.member("url", ToolInfo.informationURI)
        json.key("vendor")
        json.beginObject()
        json.member("name", "Bulwark")
        json.endObject()
        json.member("version", ToolInfo.version)
        json.endObject()
    }

    static func vulnerability(_ finding: Finding, rule: Rule, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", uuid(finding.fingerprint))
        json.member("name", String(rule.title.prefix(255)))
        let resource = finding.resource.address ?? "\(finding.resource.type.name) '\(finding.resource.name)'"
        var description = "\(resource): \(finding.message)\n\n\(rule.rationale)"
        if let applied = finding.suppression, applied.expired {
            description +=
                "\n\nIts suppression expired on \(applied.suppression.expires?.description ?? "?"): \(applied.suppression.reason)"
        }
        for note in finding.notes { description += "\n\n" + note }
        json.member("description", description)
        json.member("severity", severity(rule.severity))
        if let solution = self.solution(finding, rule: rule) { json.member("solution", solution) }
        json.key("identifiers")
        json.beginArray()
        identifier(type: "bulwark_rule_id", name: "Bulwark \(rule.id)", value: rule.id, url: rule.links.first, into: &json)
        for cve in finding.vulnerability?.cves ?? [] {
            identifier(type: "cve", name: cve, value: cve, url: "https://nvd.nist.gov/vuln/detail/\(cve)", into: &json)
        }
        json.endArray()
        if !rule.links.isEmpty {
            json.key("links")
            json.beginArray()
            for link in rule.links {
                json.beginObject()
                json.member("url", link)
                json.endObject()
            }
            json.endArray()
        }
        json.key("location")
        json.beginObject()
        json.member("file", relative(finding.location.file))
        json.member("start_line", max(finding.location.line, 1))
        json.endObject()
        json.endObject()
    }

    static func identifier(type: String, name: String, value: String, url: String?, into json: inout JSONWriter) {
        json.beginObject()
        json.member("type", type)
        json.member("name", name)
        json.member("value", value)
        json.optionalMember("url", url)
        json.endObject()
    }

    static func solution(_ finding: Finding, rule: Rule) -> String? {
        var parts: [String] = []
        if let solution = finding.vulnerability?.solution { parts.append(solution) }
        if let az = rule.remediation.az { parts.append("az: \(az)") }
        if let bicep = rule.remediation.bicep { parts.append("Bicep: \(bicep)") }
        if let terraform = rule.remediation.terraform { parts.append("Terraform: \(terraform)") }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// GitLab's severities: Critical, High, Medium, Low, Info.
    static func severity(_ severity: Severity) -> String {
        severity.rawValue.prefix(1).uppercased() + severity.rawValue.dropFirst()
    }

    /// The fingerprint's 32 hex digits as a UUID (8-4-4-4-12), the id shape GitLab's own analyzers give.
    static func uuid(_ fingerprint: String) -> String {
        let digits = Array(fingerprint.prefix(32))
        guard digits.count == 32 else { return fingerprint }
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
        return groups.map { String(digits[$0]) }.joined(separator: "-")
    }

    /// GitLab links a file relative to the repository root.
    static func relative(_ path: String) -> String {
        var relative = path
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return relative
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC, the schema's pattern (no zone, no fraction).
    static func time(_ date: Date) -> String {
        var text = ISO8601DateFormatter.string(
            from: date, timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withInternetDateTime])
        if text.hasSuffix("Z") { text.removeLast() }
        return text
    }
}
