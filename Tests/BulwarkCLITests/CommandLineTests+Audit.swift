import AuditLog
import Crypto
import Foundation
import ScanTesting
import Testing

extension CommandLineTests {
    static let auditKey = "cli-audit-key-0123456789abcdefgh"

    @Test("audit verify: a YAML file is not an audit log (2); an empty file is not intact (1); --live passes an unsealed log (0)")
    func auditVerdicts() async throws {
        let folder = try TemporaryFolder()
        let environment = ["BULWARK_AUDIT_KEY": Self.auditKey]
        func verify(_ arguments: String...) throws -> Run {
            try run(["audit", "verify", "--key-env", "BULWARK_AUDIT_KEY"] + arguments, environment: environment)
        }
        let yaml = try folder.write("gateway.yaml", "listen: 127.0.0.1:8080\nkeys: { store: sqlite:keys.db }\n")
        let notLog = try verify(yaml)
        #expect(notLog.status == 2)
        #expect(notLog.output.hasPrefix("not an audit log: \(yaml):1:"))
        let empty = try folder.write("empty.jsonl", "")
        let emptied = try verify(empty)
        #expect(emptied.status == 1 && emptied.output.hasPrefix("broken:") && emptied.output.contains("empty"))

        let path = folder.path + "/audit.jsonl"
        let writer = try AuditLogWriter(path: path, key: SymmetricKey(data: Array(Self.auditKey.utf8)), gatewayVersion: "1.2.3")
        try await writer.append(
            AuditRecord(
                time: Date(), requestID: "r", identity: "bwk_000000000000", clientIP: nil, deployment: "gpt-4o",
                operation: "chat", upstream: "u", status: 200, latencyMilliseconds: 1, totalTokens: nil, decision: "allowed"))
        let running = try verify(path)
        #expect(running.status == 1)
        #expect(running.output.contains("2 record(s) after the last seal"), "the genesis record and the request")
        let live = try verify("--live", path)
        #expect(live.status == 0)
        #expect(live.output.hasPrefix("open: 1 records, 0 seals, 2 record(s) after the last seal"))
        #expect(live.output.contains("by bulwark 1.2.3"))
        try await writer.close()
        let closed = try verify(path)
        #expect(closed.status == 0 && closed.output.hasPrefix("intact: 1 records, 1 seals; log "))
    }

    @Test("audit verify: a key shorter than 32 bytes, a missing file and a folder exit 2 with what is wrong")
    func auditVerifyInputs() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("audit.jsonl", "")
        let short = try run(["audit", "verify", "--key-env", "SHORT_KEY", log], environment: ["SHORT_KEY": "twelve-bytes"])
        #expect(short.status == 2 && short.error.contains("12 bytes; at least 32") && !short.error.contains("twelve-bytes"))
        let environment = ["BULWARK_AUDIT_KEY": Self.auditKey]
        let missing = try run(["audit", "verify", "--key-env", "BULWARK_AUDIT_KEY", folder.path + "/none.jsonl"], environment: environment)
        #expect(missing.status == 2 && missing.error.contains("none.jsonl: the audit log does not exist"))
        let isFolder = try run(["audit", "verify", "--key-env", "BULWARK_AUDIT_KEY", folder.path], environment: environment)
        #expect(isFolder.status == 2 && isFolder.error.contains("is a folder"))
    }
}
