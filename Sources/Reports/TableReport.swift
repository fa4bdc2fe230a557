import SourceModel
import PostureModel
public import RuleEngine

/// The terminal report: failed findings grouped by severity (with a baseline, each marked `new` or `unchanged`), then
/// undecided ones, suppressed ones, the baseline's fixed entries, input problems and a summary line. Colour only when
/// asked (a TTY without NO_COLOR); plain text otherwise.
public struct TableReport {
    public var useColor: Bool
    /// Also list passing findings, skipped-file notes and each failure's remediation.
    public var verbose: Bool

    public init(useColor: Bool, verbose: Bool = false) {
        self.useColor = useColor
        self.verbose = verbose
    }

    public func render(_ result: ScanResult) -> String {
        var output = ""
        let rules = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let failed = result.findings.filter { $0.status == .fail }
        for severity in Severity.allCases.reversed() {
            let group = failed.filter { rules[$0.ruleID]?.severity == severity }
            guard !group.isEmpty else { continue }
            output += paint("\(severity.rawValue.uppercased())  \(group.count) failed", Self.color(severity), bold: true) + "\n"
            output += section(group, rules: rules)
        }
        let unknown = result.findings.filter { $0.status == .unknown }
        if !unknown.isEmpty {
            output += paint("UNDECIDED  \(unknown.count) (values known only at deployment)", "36", bold: true) + "\n"
            output += section(unknown, rules: rules)
        }
        let suppressed = result.findings.filter { $0.status == .suppressed }
        if !suppressed.isEmpty {
            output += paint("SUPPRESSED  \(suppressed.count)", "90", bold: true) + "\n"
            output += suppressedSection(suppressed)
        }
        if let fixed = result.fixed, !fixed.isEmpty {
            output += paint("FIXED  \(fixed.count) (in the baseline, no longer found)", "32", bold: true) + "\n"
            let ruleWidth = fixed.map(\.ruleId.count).max() ?? 0
            for entry in fixed {
                let resource = entry.address ?? "\(entry.resourceType) \(entry.resourceName)"
                output += "  " + Self.printable(entry.ruleId).padding(toLength: ruleWidth) + "  " + Self.printable(resource) + "  "
                output += paint(entry.file, "2", bold: false) + "\n"
            }
            output += "\n"
        }
        if verbose {
            let passed = result.findings.filter { $0.status == .pass }
            if !passed.isEmpty {
                output += paint("PASSED  \(passed.count)", "32", bold: true) + "\n"
                output += section(passed, rules: rules, withMessages: false)
            }
        }
        let shownProblems = result.problems.filter { verbose || $0.severity != .note }
        if !shownProblems.isEmpty {
            output += paint("INPUT PROBLEMS  \(shownProblems.count)", "35", bold: true) + "\n"
            for problem in shownProblems {
                output +=
                    "  \(Self.printable(problem.location.description)): \(paint(problem.severity.rawValue, problem.severity == .error ? "31" : "33", bold: false)): \(Self.printable(problem.message))\n"
            }
            output += "\n"
        }
        let summary = result.summary
        let checks = summary.passed + summary.failed + summary.unknown
        output +=
            "\(summary.files) template\(summary.files == 1 ? "" : "s"), \(summary.resources) resource\(summary.resources == 1 ? "" : "s"), \(checks) checks: "
        output += paint("\(summary.passed) passed", "32", bold: false) + ", "
        output += paint("\(summary.failed) failed", summary.failed > 0 ? "31" : "32", bold: summary.failed > 0) + ", "
        output += "\(summary.unknown) undecided, "
        if summary.suppressed > 0 { output += "\(summary.suppressed) suppressed, " }
        if summary.expiredSuppressions > 0 {
            output +=
                paint("\(summary.expiredSuppressions) expired suppression\(summary.expiredSuppressions == 1 ? "" : "s")", "33", bold: true)
                + ", "
        }
        output +=
            paint(
                "\(summary.errors) input error\(summary.errors == 1 ? "" : "s")", summary.errors > 0 ? "31" : "32", bold: summary.errors > 0
            )
        if let new = summary.new, let unchanged = summary.unchanged, let fixed = summary.fixed {
            output +=
                "; baseline: " + paint("\(new) new", new > 0 ? "31" : "32", bold: new > 0) + ", \(unchanged) unchanged, \(fixed) fixed"
        }
        return output + "\n"
    }

    private func section(_ findings: [Finding], rules: [String: Rule], withMessages: Bool = true) -> String {
        let rows = findings.map { finding in
            (
                rule: finding.ruleID, resource: Self.resourceText(finding.resource),
                location: finding.location.description, finding: finding
            )
        }
        let ruleWidth = rows.map(\.rule.count).max() ?? 0
        let resourceWidth = min(rows.map(\.resource.count).max() ?? 0, 60)
        var text = ""
        for row in rows {
            text +=
                "  " + paint(row.rule.padding(toLength: ruleWidth), "1", bold: false) + "  "
                + Self.printable(row.resource).padding(toLength: resourceWidth) + "  " + paint(row.location, "2", bold: false)
            switch row.finding.baseline {
            case .new: text += "  " + paint("[new]", "31", bold: true)
            case .unchanged: text += "  " + paint("[unchanged]", "2", bold: false)
            case nil: break
            }
            text += "\n"
            if withMessages {
                let indent = String(repeating: " ", count: ruleWidth + 4)
                text += indent + (rules[row.rule]?.title ?? "") + "\n"
                text += indent + Self.printable(row.finding.message) + "\n"
                if let applied = row.finding.suppression, applied.expired {
                    let suppression = applied.suppression
                    text +=
                        indent
                        + paint(
                            "suppression expired on \(suppression.expires?.description ?? "?") (\(suppression.location)): \(suppression.reason)",
                            "33", bold: true) + "\n"
                }
                for note in row.finding.notes { text += indent + Self.printable(note) + "\n" }
                if verbose, row.finding.status == .fail, let rule = rules[row.rule] {
                    text += Self.remediation(rule.remediation, indent: indent)
                }
            }
        }
        return text + "\n"
    }

    private func suppressedSection(_ findings: [Finding]) -> String {
        let ruleWidth = findings.map(\.ruleID.count).max() ?? 0
        var text = ""
        for finding in findings {
            let suppression = finding.suppression?.suppression
            let expiry = suppression?.expires.map { "until \($0)" } ?? "no expiry"
            text +=
                "  " + Self.printable(finding.ruleID).padding(toLength: ruleWidth) + "  "
                + Self.printable(Self.resourceText(finding.resource))
                + "  " + paint(expiry, "2", bold: false) + "\n"
            let indent = String(repeating: " ", count: ruleWidth + 4)
            text += indent + Self.printable(suppression?.reason ?? "") + "\n"
        }
        return text + "\n"
    }

    static func remediation(_ remediation: Rule.Remediation, indent: String) -> String {
        var text = ""
        for (label, fix) in [("az", remediation.az), ("bicep", remediation.bicep), ("terraform", remediation.terraform)] {
            guard let fix else { continue }
            let lines = fix.split(separator: "\n", omittingEmptySubsequences: false)
            text += indent + "fix (\(label)): " + printable(String(lines.first ?? "")) + "\n"
            for line in lines.dropFirst() { text += indent + "  " + printable(String(line)) + "\n" }
        }
        return text
    }

    /// `Microsoft.CognitiveServices/accounts acct`, or for Terraform the address before the ARM type:
    /// `module.ai.azurerm_cognitive_account.openai (Microsoft.CognitiveServices/accounts)`.
    static func resourceText(_ resource: ResourceReference) -> String {
        let type = resource.type.segments.joined(separator: "/")
        if let address = resource.address { return "\(address) (\(type))" }
        return "\(type) \(resource.name)"
    }

    private func paint(_ text: String, _ code: String, bold: Bool) -> String {
        let text = Self.printable(text)
        guard useColor else { return text }
        return "\u{1B}[\(bold ? "1;" : "")\(code)m\(text)\u{1B}[0m"
    }

    /// Text from templates (names, values) with control characters shown as `\u{..}`, so a hostile name
    /// cannot move the cursor, retitle the terminal or clear the screen.
    static func printable(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return text }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                escaped += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Unicode's control characters (general category Cc) are exactly C0, DEL and C1: a range check, where looking
    /// up the scalar's properties took a tenth of a 100,000-resource scan.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func color(_ severity: Severity) -> String {
        switch severity {
        case .critical: "35"
        case .high: "31"
        case .medium: "33"
        case .low: "34"
        case .info: "36"
        }
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
