import Crypto
import Foundation
import Testing

@testable import AuditLog

/// The verdicts an operator acts on: a log that is not one, an emptied or beheaded log, a log from before genesis
/// records, and a live log whose tail is not sealed yet.
@Suite("Audit log verdicts")
struct AuditLogVerdictTests {
    let verifier = AuditLogVerifier(key: AuditLogTests.key)

    /// An unsealed log as the running gateway leaves it: genesis record, `count` records, no seal.
    static func liveLog(count: Int) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.jsonl").path
        let writer = try AuditLogWriter(path: path, key: AuditLogTests.key, gatewayVersion: "9.9.9")
        for index in 0..<count { try await writer.append(AuditLogTests.record(index)) }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("a new log starts with a genesis record naming it, its version and its key's id, never the key")
    func genesisRecord() async throws {
        let text = try await Self.liveLog(count: 1)
        let first = try #require(text.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "genesis")
        #expect(object["seq"] as? Int == 0)
        #expect(UUID(uuidString: try #require(object["logId"] as? String)) != nil)
        #expect(object["gatewayVersion"] as? String == "9.9.9")
        #expect(object["algorithm"] as? String == "HMAC-SHA256")
        #expect(object["keyId"] as? String == AuditChain.keyID(of: AuditLogTests.key))
        #expect(!text.contains("audit-key-for-tests"), "the key itself is never written")
        let report = verifier.verify(files: [("audit.jsonl", text)], mode: .init(live: true))
        #expect(report.genesis?.logID == object["logId"] as? String)
    }

    @Test("a YAML file, or JSON lines that are not audit records, is not an audit log")
    func notAnAuditLog() {
        let yaml = "listen: 127.0.0.1:8080\nupstreams: []\n"
        let report = verifier.verify(files: [("gateway.yaml", yaml)])
        #expect(report.verdict == .notAnAuditLog)
        #expect(report.problem?.hasPrefix("gateway.yaml:1: the line is not an audit record") == true)
        #expect(verifier.verify(files: [("events.jsonl", "{\"event\":\"login\"}\n")]).verdict == .notAnAuditLog)
    }

    @Test("an empty file is not intact: emptying the log does not pass")
    func emptyFile() {
        for mode in [AuditLogVerifier.Mode(), .init(live: true), .init(legacy: true)] {
            let report = verifier.verify(files: [("audit.jsonl", "")], mode: mode)
            #expect(report.verdict == .broken)
            #expect(report.problem?.contains("empty") == true)
        }
    }

    @Test("a log whose genesis record was cut off is broken, with the record it starts at")
    func headless() async throws {
        let files = try await AuditLogTests.writeLog(count: 3)
        let lines = files[0].text.split(separator: "\n").dropFirst(2)
        let report = verifier.verify(files: [("audit.jsonl", lines.joined(separator: "\n") + "\n")], mode: .init(legacy: true))
        #expect(report.verdict == .broken)
        #expect(report.problem?.contains("does not start with its genesis record but with record 2") == true)
    }

    @Test("a log written before genesis records is refused unless --legacy, which says its start cannot be proved")
    func legacyLog() {
        var previous = AuditChain.noPrevious
        var lines: [String] = []
        let records: [[(key: String, value: AuditJSONValue)]] = [
            [("type", .string("request")), ("status", .int(200))], [("type", .string("seal")), ("count", .int(1))],
        ]
        for (sequence, members) in records.enumerated() {
            var members = members
            if sequence == 1 { members.append(("lastHash", .string(previous))) }
            let line = AuditChain.line(members, sequence: sequence, previous: previous, key: AuditLogTests.key)
            lines.append(line)
            previous = AuditChain.hash(line)
        }
        let text = lines.joined(separator: "\n") + "\n"
        let strict = verifier.verify(files: [("old.jsonl", text)])
        #expect(strict.verdict == .broken)
        #expect(strict.problem?.contains("written before genesis records") == true && strict.problem?.contains("--legacy") == true)
        let legacy = verifier.verify(files: [("old.jsonl", text)], mode: .init(legacy: true))
        #expect(legacy.verdict == .intact && legacy.legacy && legacy.records == 1 && legacy.seals == 1)
    }

    @Test("a live log's unsealed tail is open with --live, broken without; a change in it is still broken")
    func liveLog() async throws {
        let text = try await Self.liveLog(count: 3)
        let closed = verifier.verify(files: [("audit.jsonl", text)])
        #expect(closed.verdict == .broken && closed.problem?.contains("after the last seal") == true)
        let live = verifier.verify(files: [("audit.jsonl", text)], mode: .init(live: true))
        #expect(live.verdict == .open && live.records == 3 && live.unsealed == 4 && live.problem == nil)
        let tampered = verifier.verify(
            files: [("audit.jsonl", text.replacingOccurrences(of: "req-1", with: "req-9"))], mode: .init(live: true))
        #expect(tampered.verdict == .broken)
        let writing = verifier.verify(files: [("audit.jsonl", text + "{\"type\":\"requ")], mode: .init(live: true))
        #expect(writing.verdict == .open && writing.partialLine, "a line being written is left out of a live check")
    }

    @Test("a log written with another key names both key ids")
    func anotherKey() async throws {
        let files = try await AuditLogTests.writeLog(count: 1)
        let other = SymmetricKey(data: Array("another-key-entirely-0123456789abcdef".utf8))
        let report = AuditLogVerifier(key: other).verify(files: files)
        #expect(report.problem?.contains("written with another key (the log names \(AuditChain.keyID(of: AuditLogTests.key))") == true)
    }

    @Test("audit keys shorter than 32 bytes are refused, and the message never repeats the key")
    func shortKey() throws {
        guard case .failure(let error) = AuditKey.key(from: "short-secret") else {
            Issue.record("a 12-byte key was accepted")
            return
        }
        #expect(error.description.contains("12 bytes; at least 32"))
        #expect(!error.description.contains("short-secret"))
        #expect(throws: Never.self) { try AuditKey.key(from: String(repeating: "k", count: 32)).get() }
    }
}
