import Foundation
import PostureModel
import Reports
import RuleEngine
import SourceModel

// The JSON report of a synthetic scan:
// `swift run -c release ReportBenchmark [FINDINGS] [writer|foundation|FORMAT] [OUTPUT]`.
// `writer` (the default) renders with the streaming writer the JSON report uses, `foundation` with the Encodable
// document and JSONEncoder it replaced; any other report format name renders that format. Prints the time to render
// and the bytes, and writes the report to OUTPUT when given (to compare the two encoders' documents); run under
// `/usr/bin/time -v` for the peak memory.

let arguments = CommandLine.arguments
let count = arguments.count >= 2 ? max(Int(arguments[1]) ?? 100_000, 1) : 100_000
let mode = arguments.count >= 3 ? arguments[2] : "writer"
let outputPath = arguments.count >= 4 ? arguments[3] : nil

var catalog = RuleCatalog()
catalog.add(
    yaml: """
        rules:
          - id: BW-B-001
            title: Accounts disable local auth
            severity: high
            category: identity
            controls: [api-key-management]
            resource: { types: [Microsoft.CognitiveServices/accounts] }
            require: { field: properties.disableLocalAuth, equals: true }
            message: Keys are accepted.
            rationale: Keys are bearer secrets that never expire.
            remediation: { az: az cognitiveservices account update --disable-local-auth, bicep: "disableLocalAuth: true", terraform: local_auth_enabled = false }
            compliance: { MCSB: [IM-1, PA-7], NIST-800-53-r5: [AC-2] }
            links: [https://learn.microsoft.com/azure/ai-services/disable-local-auth]
            examples: { pass: { properties: { disableLocalAuth: true } }, fail: { properties: {} } }
        """, file: "benchmark.yaml")
guard let rule = catalog.rules.first else {
    FileHandle.standardError.write(Data("the benchmark rule did not load: \(catalog.errors)\n".utf8))
    exit(2)
}

let findings = (0..<count).map { index in
    let name = "account-\(index)"
    let resource = Resource(
        type: "Microsoft.CognitiveServices/accounts", name: name,
        id:
            "/subscriptions/00000000-0000-0000-0000-\(String(format: "%012d", index % 200))/resourceGroups/rg-\(index % 1000)/providers/Microsoft.CognitiveServices/accounts/\(name)",
        body: Value(.object([])), source: SourceLocation(file: "snapshot/arm/resources.jsonl", line: index + 1, column: 1), origin: .arm)
    return Finding(
        ruleID: rule.id, status: index % 5 == 0 ? .pass : .fail, resource: ResourceReference(resource),
        property: "properties.disableLocalAuth", actual: Value(.bool(false)),
        message: "Keys are accepted. (properties.disableLocalAuth is false)",
        location: SourceLocation(file: "snapshot/arm/resources.jsonl", line: index + 1, column: 1))
}
let result = ScanResult(files: ["snapshot"], findings: findings, rules: [rule])

let clock = ContinuousClock()
var document = Data()
let elapsed = try clock.measure {
    switch mode {
    case "writer": document = try JSONReport().render(result)
    case "foundation": document = try FoundationReference.render(result)
    default:
        guard let format = ReportFormat(rawValue: mode) else {
            FileHandle.standardError.write(Data("usage: ReportBenchmark [FINDINGS] [writer|foundation|FORMAT]\n".utf8))
            exit(2)
        }
        document = try ReportRenderer(context: ReportContext()).render(format, result)
    }
}
if let outputPath { try document.write(to: URL(fileURLWithPath: outputPath)) }
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(mode): \(count) findings, \(String(format: "%.3f", seconds)) s, \(document.count) bytes")
