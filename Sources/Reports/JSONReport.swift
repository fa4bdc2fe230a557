public import Foundation
import SourceModel
import PostureModel
public import RuleEngine

/// The JSON report, contract version 1. Later versions may add members, never remove or change them.
/// Passing findings are included, so a consumer can tell "checked and fine" from "not checked".
///
/// Written by a streaming writer into one buffer, keys in sorted order (the layout the Foundation encoder gave with
/// `.sortedKeys`): at 100,000 findings the encoder's intermediate tree cost seconds and most of a gigabyte.
public struct JSONReport {
    public init() {}

    public func render(_ result: ScanResult) throws -> Data {
        Data(document(result))
    }

    func document(_ result: ScanResult) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + result.findings.count * 1_200)
        let rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        json.beginObject()
        json.key("errors")
        Self.problems(result.problems.filter { $0.severity == .error }, into: &json)
        json.key("findings")
        json.beginArray()
        for finding in result.findings {
            guard let rule = rules[finding.ruleID] else { continue }
            Self.finding(finding, rule: rule, into: &json)
        }
        json.endArray()
        if let fixed = result.fixed {
            json.key("fixed")
            json.beginArray()
            for entry in fixed { Self.baselineEntry(entry, into: &json) }
            json.endArray()
        }
        if !result.hosts.isEmpty {
            json.key("hosts")
            json.beginArray()
            for host in result.hosts { Self.host(host, into: &json) }
            json.endArray()
        }
        json.key("summary")
        Self.summary(result.summary, into: &json)
        json.key("tool")
        json.beginObject()
        json.member("name", ToolInfo.name)
        json.member("version", ToolInfo.version)
        json.endObject()
        json.member("version", 1)
        // Added in version 1 beside the contract's members: problems that did not stop the scan.
        json.key("warnings")
        Self.problems(result.problems.filter { $0.severity == .warning }, into: &json)
        json.endObject()
        return json.bytes
    }

    static func finding(_ finding: Finding, rule: Rule, into json: inout JSONWriter) {
        json.beginObject()
        // `property` and `actual` are always present; null says "no single property decided" / "absent".
        json.key("actual")
        if let actual = finding.actual { json.value(actual) } else { json.null() }
        json.optionalMember("baseline", finding.baseline?.rawValue)
        json.key("compliance")
        json.beginObject()
        for framework in rule.compliance.keys.sorted(by: JSONWriter.precedes) {
            json.member(framework, strings: rule.compliance[framework] ?? [])
        }
        json.endObject()
        json.member("controls", strings: rule.controls.map(\.rawValue))
        json.member("fingerprint", finding.fingerprint)
        json.member("message", finding.message)
        if !finding.notes.isEmpty { json.member("notes", strings: finding.notes) }
        json.member("property", finding.property)
        json.key("remediation")
        json.beginObject()
        json.optionalMember("az", rule.remediation.az)
        json.optionalMember("bicep", rule.remediation.bicep)
        json.optionalMember("terraform", rule.remediation.terraform)
        json.endObject()
        json.key("resource")
        json.beginObject()
        // The Terraform address (module path and instance key included); absent for other inputs.
        json.optionalMember("address", finding.resource.address)
        json.member("column", finding.location.column)
        json.member("file", finding.location.file)
        json.member("id", finding.resource.id)
        json.member("line", finding.location.line)
        json.member("name", finding.resource.name)
        json.member("type", finding.resource.type.name)
        json.endObject()
        json.member("ruleId", finding.ruleID)
        json.member("severity", rule.severity.rawValue)
        json.member("status", finding.status.rawValue)
        if let applied = finding.suppression { suppression(applied, into: &json) }
        json.member("title", rule.title)
        if let vulnerability = finding.vulnerability { self.vulnerability(vulnerability, into: &json) }
        json.endObject()
    }

    static func suppression(_ applied: AppliedSuppression, into json: inout JSONWriter) {
        let suppression = applied.suppression
        json.key("suppression")
        json.beginObject()
        json.member("column", suppression.location.column)
        json.member("expired", applied.expired)
        json.member("expires", suppression.expires?.description)
        json.member("file", suppression.location.file)
        json.member("line", suppression.location.line)
        json.member("origin", suppression.origin.rawValue)
        json.member("reason", suppression.reason)
        json.endObject()
    }

    static func vulnerability(_ vulnerability: Vulnerability, into json: inout JSONWriter) {
        json.key("vulnerability")
        json.beginObject()
        json.member("cves", strings: vulnerability.cves)
        if let score = vulnerability.cvss3BaseScore {
            json.key("cvss3BaseScore")
            json.double(score)
        }
        json.member("host", vulnerability.host)
        json.optionalMember("joinedBy", vulnerability.joinedBy?.rawValue)
        json.member("pluginID", vulnerability.pluginID)
        json.member("pluginName", vulnerability.pluginName)
        json.optionalMember("pluginOutput", vulnerability.pluginOutput)
        json.member("port", vulnerability.port)
        json.member("seeAlso", strings: vulnerability.seeAlso)
        json.member("service", vulnerability.service)
        json.optionalMember("solution", vulnerability.solution)
        json.member("transport", vulnerability.transport)
        json.endObject()
    }

    static func baselineEntry(_ entry: BaselineEntry, into json: inout JSONWriter) {
        json.beginObject()
        json.optionalMember("address", entry.address)
        json.member("file", entry.file)
        json.member("fingerprint", entry.fingerprint)
        json.optionalMember("property", entry.property)
        json.member("resourceId", entry.resourceId)
        json.member("resourceName", entry.resourceName)
        json.member("resourceType", entry.resourceType)
        json.member("ruleId", entry.ruleId)
        json.endObject()
    }

    static func host(_ host: ScannedHost, into json: inout JSONWriter) {
        json.beginObject()
        json.member("addresses", strings: host.addresses)
        json.member("column", host.source.column)
        json.member("file", host.source.file)
        json.member("fqdns", strings: host.fqdns)
        json.optionalMember("hostname", host.hostname)
        json.optionalMember("joinedBy", host.joinedBy?.rawValue)
        json.member("line", host.source.line)
        json.member("name", host.name)
        json.optionalMember("netbiosName", host.netbiosName)
        json.key("openPorts")
        json.beginArray()
        for port in host.openPorts {
            json.beginObject()
            json.member("port", port.port)
            json.member("service", port.service)
            json.member("transport", port.transport)
            json.endObject()
        }
        json.endArray()
        json.optionalMember("operatingSystem", host.operatingSystem)
        json.optionalMember("resourceId", host.resourceID)
        json.endObject()
    }

    static func summary(_ summary: ScanResult.Summary, into json: inout JSONWriter) {
        json.beginObject()
        json.member("errors", summary.errors)
        json.member("expiredSuppressions", summary.expiredSuppressions)
        json.member("failed", summary.failed)
        json.member("files", summary.files)
        json.optionalMember("fixed", summary.fixed)
        json.optionalMember("new", summary.new)
        json.member("passed", summary.passed)
        json.member("resources", summary.resources)
        json.member("suppressed", summary.suppressed)
        json.optionalMember("unchanged", summary.unchanged)
        json.member("unknown", summary.unknown)
        json.endObject()
    }

    /// Input problems as `{"code", "column", "file", "line", "message"}`.
    static func problems(_ problems: [Diagnostic], into json: inout JSONWriter) {
        json.beginArray()
        for problem in problems {
            json.beginObject()
            json.member("code", problem.code.rawValue)
            json.member("column", problem.location.column)
            json.member("file", problem.location.file)
            json.member("line", problem.location.line)
            json.member("message", problem.message)
            json.endObject()
        }
        json.endArray()
    }
}
