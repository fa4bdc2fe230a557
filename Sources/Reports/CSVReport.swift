import Foundation
import SourceModel
import PostureModel
public import RuleEngine

/// One row per finding, RFC 4180 (comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line
/// break, quotes doubled), with a header row. A cell that a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or carriage return) gets a leading `'`, so opening the file never evaluates template text.
public struct CSVReport {
    public init() {}

    static let header = [
        "rule_id", "title", "severity", "status", "resource_type", "resource_name", "resource_id", "address", "file", "line",
        "column", "property", "actual", "message", "fingerprint", "baseline", "suppression_reason", "suppression_expires",
        "suppression_expired", "suppression_origin", "host", "port", "cves",
    ]

    public func render(_ result: ScanResult) -> String {
        let rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var text = Self.row(Self.header)
        text.reserveCapacity(result.findings.count * 400)
        for finding in result.findings {
            let rule = rules[finding.ruleID]
            let suppression = finding.suppression
            let vulnerability = finding.vulnerability
            text += Self.row([
                finding.ruleID, rule?.title ?? "", rule?.severity.rawValue ?? "", finding.status.rawValue,
                finding.resource.type.name, finding.resource.name, finding.resource.id, finding.resource.address ?? "",
                finding.location.file, String(finding.location.line), String(finding.location.column), finding.property ?? "",
                finding.actual?.displayText ?? "", finding.message, finding.fingerprint, finding.baseline?.rawValue ?? "",
                suppression?.suppression.reason ?? "", suppression?.suppression.expires?.description ?? "",
                suppression.map { $0.expired ? "true" : "false" } ?? "", suppression?.suppression.origin.rawValue ?? "",
                vulnerability?.host ?? "", vulnerability.map { String($0.port) } ?? "", vulnerability?.cves.joined(separator: " ") ?? "",
            ])
        }
        return text
    }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field: neutralised against formula injection, then quoted when RFC 4180 requires it.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
