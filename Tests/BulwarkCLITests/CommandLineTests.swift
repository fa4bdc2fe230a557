import AuditLog
import Crypto
import Foundation
import ScanTesting
import Testing

/// The `bulwark` executable end to end: exit codes, streams and output formats.
@Suite("bulwark command line")
struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    /// The executable SwiftPM built beside this test bundle.
    static let binary: URL = {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("bulwark")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("bulwark")
    }()

    func run(_ arguments: [String], environment: [String: String] = [:], in folder: String? = nil) throws -> Run {
        try run(arguments, replacing: ProcessInfo.processInfo.environment.merging(environment) { $1 }, in: folder)
    }

    func run(_ arguments: [String], replacing environment: [String: String], in folder: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            error: String(decoding: errData, as: UTF8.self))
    }

    @Test("exit 0 with nothing failing at --fail-on, 1 with failures, 2 for input errors")
    func exitCodes() throws {
        let folder = try TemporaryFolder()
        let secure = try folder.write("secure.json", Fixtures.accountTemplate(properties: #"{"disableLocalAuth": true}"#))
        let insecure = try folder.write("insecure.json", Fixtures.accountTemplate())
        let broken = try folder.write("broken.json", "{")
        #expect(try run(["scan", secure, "--fail-on", "critical"]).status == 0)
        #expect(try run(["scan", insecure]).status == 1)
        let mixed = try run(["scan", broken, insecure, "--format", "json"])
        #expect(mixed.status == 2)
        #expect(mixed.error.contains("broken.json:1:2: expected '}' to close the object that starts at 1:1, found end of file"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(mixed.output.utf8)) as? [String: Any])
        #expect((report["summary"] as? [String: Int])?["files"] == 1, "the readable template was still scanned")
    }

    @Test("usage errors exit 2 with a message")
    func usageErrors() throws {
        let unknownFormat = try run(["scan", ".", "--format", "xml"])
        #expect(unknownFormat.status == 2)
        #expect(unknownFormat.error.contains("xml"))
        #expect(try run(["scan"]).status == 2)
        #expect(try run(["scan", ".", "--fail-on", "severe"]).status == 2)
    }

    @Test("--output writes the report to a file; SARIF is JSON")
    func outputFile() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        let sarif = folder.url.appendingPathComponent("out.sarif").path
        let result = try run(["scan", template, "--format", "sarif", "--output", sarif])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarif))) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
    }

    @Test("the table is plain when piped, and NO_COLOR is honoured")
    func noColorWhenPiped() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write("t.json", Fixtures.accountTemplate())
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm-256color"
        let piped = try run(["scan", template], replacing: environment)
        #expect(!piped.output.contains("\u{1B}["), "standard output is a pipe here")
        #expect(piped.output.contains("BW-AI-001"))
        let noColor = try run(["scan", template], environment: ["NO_COLOR": "1"])
        #expect(!noColor.output.contains("\u{1B}["))
    }

    @Test("rules list --format json has the documented shape")
    func rulesList() throws {
        let result = try run(["rules", "list", "--format", "json"])
        #expect(result.status == 0)
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(rules.count >= 30)
        let first = try #require(rules.first { $0["id"] as? String == "BW-AI-001" })
        #expect(first["title"] is String && first["severity"] is String && first["category"] is String)
        #expect(first["resourceTypes"] as? [String] == ["Microsoft.CognitiveServices/accounts"])
        #expect((first["controls"] as? [String])?.contains("api-key-management") == true)
        #expect((first["compliance"] as? [String: [String]])?["MCSB"] == ["IM-1"])
    }

    @Test("rules show explains a rule; an unknown id exits 2")
    func rulesShow() throws {
        let shown = try run(["rules", "show", "bw-ai-001"])
        #expect(shown.status == 0)
        #expect(shown.output.hasPrefix("BW-AI-001  AI Services accounts disable local (key) authentication"))
        #expect(shown.output.contains("Fix with az:"))
        let missing = try run(["rules", "show", "BW-NOPE-1"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("no rule with id 'BW-NOPE-1'"))
    }

    @Test("--rules adds a folder of rules; a missing folder is an input error")
    func customRules() throws {
        let folder = try TemporaryFolder()
        let missing = try run(["rules", "list", "--rules", folder.path + "/none"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("no such rule folder"))
    }

    @Test("version prints the version")
    func version() throws {
        let result = try run(["version"])
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("bulwark "))
    }

    @Test("rules list --framework filters by framework; an unknown framework exits 2")
    func frameworkFilter() throws {
        let hipaa = try run(["rules", "list", "--framework", "HIPAA", "--format", "json"])
        #expect(hipaa.status == 0)
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(hipaa.output.utf8)) as? [[String: Any]])
        #expect(!rules.isEmpty)
        #expect(rules.allSatisfy { (($0["compliance"] as? [String: [String]])?["HIPAA"]?.isEmpty) == false })
        #expect(try run(["rules", "list", "--framework", "PCI"]).status == 2)
    }

    @Test("a project file sets rule parameters; a wrong type is a located error")
    func projectFile() throws {
        let folder = try TemporaryFolder()
        let template = try folder.write(
            "t.json",
            Fixtures.accountTemplate().replacingOccurrences(of: #""kind": "OpenAI","#, with: #""kind": "OpenAI", "location": "eastus","#))
        let good = try folder.write("good.yaml", "parameters:\n  allowedLocations: [swedencentral]\n")
        let scanned = try run(["scan", template, "--config", good, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(scanned.output.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["ruleId"] as? String == "BW-AI-012" && $0["status"] as? String == "fail" })
        let bad = try folder.write("bad.yaml", "parameters:\n  allowedLocations: swedencentral\n")
        let rejected = try run(["scan", template, "--config", bad])
        #expect(rejected.status == 2)
        #expect(rejected.output.contains("bad.yaml:2:21") || rejected.error.contains("bad.yaml:2:21"))
    }

    @Test("keys: create prints the secret once as the last line; list never shows it; revoke and rotate work")
    func keys() throws {
        let folder = try TemporaryFolder()
        let store = "sqlite:" + folder.path + "/keys.db"
        let created = try run([
            "keys", "create", "--store", store, "--name", "team-a", "--deployments", "gpt-4o,text-embedding-3-small", "--expires", "30d",
        ])
        #expect(created.status == 0)
        let secret = try #require(created.output.split(separator: "\n").last.map(String.init))
        #expect(secret.hasPrefix("bwk_"))
        let prefix = String(secret.prefix("bwk_".count + 12))
        let listed = try run(["keys", "list", "--store", store])
        #expect(listed.output.contains(prefix) && listed.output.contains("team-a"))
        #expect(!listed.output.contains(secret))
        let rotated = try run(["keys", "rotate", "--store", store, prefix, "--grace", "1h"])
        #expect(rotated.status == 0)
        #expect(rotated.output.split(separator: "\n").last?.hasPrefix("bwk_") == true)
        #expect(try run(["keys", "revoke", "--store", store, prefix]).status == 0)
        #expect(try run(["keys", "revoke", "--store", store, "bwk_000000000000"]).status == 2)
        #expect(try run(["keys", "create", "--store", store, "--name", "x", "--deployments", "a", "--operations", "painting"]).status == 2)
        let every = try run([
            "keys", "create", "--store", store, "--name", "y", "--deployments", "a", "--operations",
            "responses,images,audio,files,batches,realtime",
        ])
        #expect(every.status == 0)
        #expect(every.output.contains("operations responses,images,audio,files,batches,realtime"))
    }

    @Test("keys: --limit is checked as the gateway reads it, listed with the key, and replaced by keys update")
    func keyLimits() throws {
        let folder = try TemporaryFolder()
        let store = "sqlite:" + folder.path + "/keys.db"
        let bad = try run(["keys", "create", "--store", store, "--name", "x", "--deployments", "d", "--limit", "requests=abc/60s"])
        #expect(bad.status == 2)
        #expect(bad.error.contains("--limit requests=abc/60s: expected a whole number of requests"))
        let budget = try run(["keys", "create", "--store", store, "--name", "x", "--deployments", "d", "--limit", "usd=5/60s"])
        #expect(budget.status == 2 && budget.error.contains("--limit usd=5/60s: a budget resets on the calendar"))
        let created = try run([
            "keys", "create", "--store", store, "--name", "team", "--deployments", "d", "--limit", "requests=50/60s", "--limit",
            "concurrent=4",
        ])
        #expect(created.status == 0)
        #expect(created.output.contains("; limits requests=50/60s,concurrent=4"))
        let prefix = String(try #require(created.output.split(separator: "\n").last).prefix("bwk_".count + 12))
        #expect(try run(["keys", "list", "--store", store]).output.contains("limits=requests=50/60s,concurrent=4"))
        let updated = try run(["keys", "update", "--store", store, prefix, "--limit", "requests=10/day"])
        #expect(updated.status == 0 && updated.output.contains("limits requests=10/day"))
        #expect(try run(["keys", "update", "--store", store, prefix]).status == 2, "neither --limit nor --clear-limits")
        #expect(try run(["keys", "update", "--store", store, prefix, "--clear-limits"]).status == 0)
        #expect(try run(["keys", "list", "--store", store]).output.contains("limits=none"))
    }

    @Test("audit verify: 0 intact, 1 broken, 2 without a key")
    func auditVerify() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/audit.jsonl"
        let writer = try AuditLogWriter(path: path, key: SymmetricKey(data: Array("cli-audit-key-0123456789abcdefgh".utf8)))
        try await writer.append(
            AuditRecord(
                time: Date(), requestID: "r", identity: "bwk_000000000000", clientIP: nil, deployment: "gpt-4o",
                operation: "chat", upstream: "u", status: 200, latencyMilliseconds: 1, totalTokens: nil, decision: "allowed"))
        try await writer.close()
        let environment = ["BULWARK_AUDIT_KEY": "cli-audit-key-0123456789abcdefgh"]
        let intact = try run(["audit", "verify", "--key-env", "BULWARK_AUDIT_KEY", path], environment: environment)
        #expect(intact.status == 0)
        #expect(intact.output.hasPrefix("intact: 1 records, 1 seals"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try folder.write("audit.jsonl", text.replacingOccurrences(of: "gpt-4o", with: "gpt-4x"))
        let broken = try run(["audit", "verify", "--key-env", "BULWARK_AUDIT_KEY", path], environment: environment)
        #expect(broken.status == 1)
        #expect(broken.output.hasPrefix("broken: \(path):2:"), "line 1 is the genesis record")
        #expect(try run(["audit", "verify", "--key-env", "UNSET_VARIABLE_FOR_TEST", path]).status == 2)
    }
}
