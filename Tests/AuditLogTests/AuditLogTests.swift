import Crypto
import Foundation
import Testing
@testable import AuditLog

@Suite("Audit log")
struct AuditLogTests {
    static let key = SymmetricKey(data: Array("audit-key-for-tests-0123456789ab".utf8))

    static func record(_ index: Int) -> AuditRecord {
        AuditRecord(
            time: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)), requestID: "req-\(index)", identity: "bwk_3f9a2c1d7b6e",
            clientIP: "127.0.0.1", deployment: "gpt-4o", operation: "chat", upstream: "sweden", status: 200,
            latencyMilliseconds: 1.25, totalTokens: 42, decision: "allowed"
        )
    }

    /// A sealed log of `count` records, as file texts in chain order.
    static func writeLog(count: Int, maximumBytes: Int = 1 << 20) async throws -> [(name: String, text: String)] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.jsonl").path
        let writer = try AuditLogWriter(path: path, key: key, maximumBytes: maximumBytes)
        for index in 0..<count { try await writer.append(record(index)) }
        try await writer.close()
        let rotated = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "audit.jsonl" }
            .sorted { Int($0.split(separator: ".").last!)! < Int($1.split(separator: ".").last!)! }
        return try (rotated + ["audit.jsonl"]).map {
            ($0, try String(contentsOfFile: folder.appendingPathComponent($0).path, encoding: .utf8))
        }
    }

    @Test("an intact, sealed log verifies, and records hold no secret or content")
    func intact() async throws {
        let files = try await Self.writeLog(count: 5)
        let report = AuditLogVerifier(key: Self.key).verify(files: files)
        #expect(report.verdict == .intact && report.records == 5 && report.seals == 1 && report.problem == nil)
        let first = try #require(files.first?.text.split(separator: "\n").dropFirst().first, "the line after the genesis record")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "type", "time", "requestId", "identity", "clientIp", "deployment", "operation", "upstream", "status", "latencyMs",
                "totalTokens", "decision", "seq", "prev", "mac",
            ])
    }

    @Test("flipping any single byte of the log is detected")
    func everyByteFlip() async throws {
        let files = try await Self.writeLog(count: 3)
        let text = Array(files[0].text.utf8)
        let verifier = AuditLogVerifier(key: Self.key)
        var undetected: [Int] = []
        for index in text.indices {
            var flipped = text
            flipped[index] ^= 0x01
            let report = verifier.verify(files: [(files[0].name, String(decoding: flipped, as: UTF8.self))])
            if report.problem == nil { undetected.append(index) }
        }
        #expect(undetected.isEmpty, "flips at byte offsets \(undetected) went unnoticed")
    }

    @Test("deleted, inserted, reordered and cut-off records are detected")
    func structuralTampering() async throws {
        let files = try await Self.writeLog(count: 4)
        var lines = files[0].text.split(separator: "\n").map(String.init)
        let verifier = AuditLogVerifier(key: Self.key)
        func verify(_ lines: [String]) -> String? {
            verifier.verify(files: [("audit.jsonl", lines.joined(separator: "\n") + "\n")]).problem
        }
        var deleted = lines
        deleted.remove(at: 1)
        #expect(verify(deleted)?.contains("deleted, inserted or reordered") == true)
        var reordered = lines
        reordered.swapAt(1, 2)
        #expect(verify(reordered) != nil)
        var inserted = lines
        inserted.insert(lines[1], at: 2)
        #expect(verify(inserted) != nil)
        lines.removeLast()  // the seal
        #expect(verify(lines)?.contains("after the last seal") == true)
        #expect(verifier.verify(files: [("audit.jsonl", String(files[0].text.dropLast()))]).problem?.contains("not terminated") == true)
    }

    @Test("a log written with another key does not verify")
    func otherKey() async throws {
        let files = try await Self.writeLog(count: 2)
        let report = AuditLogVerifier(key: SymmetricKey(data: Array("another-key-entirely-0123456789".utf8))).verify(files: files)
        #expect(report.problem?.contains("written with another key") == true)
    }

    @Test("rotation seals each file and the chain continues across files; a missing file is detected")
    func rotation() async throws {
        let files = try await Self.writeLog(count: 20, maximumBytes: 1500)
        #expect(files.count >= 3)
        let report = AuditLogVerifier(key: Self.key).verify(files: files)
        #expect(report.records == 20)
        #expect(report.seals == files.count)
        #expect(report.problem == nil)
        var missing = files
        missing.remove(at: 1)
        #expect(AuditLogVerifier(key: Self.key).verify(files: missing).problem != nil)
    }
}

@Suite("Audit log: continuing and refusing")
struct AuditLogContinuationTests {
    @Test("a restarted writer continues the chain of the existing file; a non-text file is refused")
    func continuesChain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-continue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.jsonl").path
        for round in 0..<2 {
            let writer = try AuditLogWriter(path: path, key: AuditLogTests.key)
            try await writer.append(AuditLogTests.record(round))
            try await writer.close()
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let report = AuditLogVerifier(key: AuditLogTests.key).verify(files: [("audit.jsonl", text)])
        #expect(report.verdict == .intact && report.records == 2 && report.seals == 2 && report.problem == nil)
        #expect(text.components(separatedBy: "\"type\":\"genesis\"").count == 2, "one genesis record: a restart continues the log")
        let binary = folder.appendingPathComponent("binary.jsonl").path
        #expect(FileManager.default.createFile(atPath: binary, contents: Data([0xFF, 0xFE, 0x00, 0xC3])))
        #expect(throws: AuditLogWriter.Failure.self) { _ = try AuditLogWriter(path: binary, key: AuditLogTests.key) }
    }
}

@Suite("Audit chain hex")
struct AuditChainHexTests {
    @Test("hex writes every byte as two lowercase digits, exactly as %02x does (lines written before stay verifiable)")
    func hexMatchesFormat() {
        let all = (0...255).map { UInt8($0) }
        #expect(AuditChain.hex(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(AuditChain.hex([]) == "")
        #expect(AuditChain.hex(SHA256.hash(data: Array("bulwark".utf8))).count == 64)
    }
}
