import Crypto
import Foundation
import Testing

@testable import AuditLog

/// A seeded generator (SplitMix64), so a failure names a reproducible case.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generated values for audit lines: strings from every part of Unicode that matters to a JSON writer.
struct AuditValueGenerator {
    var random: SeededGenerator

    /// Controls, quotes, backslashes and slashes, U+007F, Latin-1, U+2028 and U+2029, the BOM, combining marks, CJK,
    /// emoji (non-BMP), and any scalar at all.
    mutating func scalar() -> Unicode.Scalar {
        let pools: [ClosedRange<UInt32>] = [
            0x00...0x1F, 0x20...0x7F, 0x22...0x22, 0x5C...0x5C, 0x2F...0x2F, 0x80...0xFF, 0x2028...0x2029, 0xFEFF...0xFEFF,
            0x0300...0x036F, 0x4E00...0x9FFF, 0x1F300...0x1FAFF, 0x0...0x10FFFF,
        ]
        while true {
            let pool = pools[Int.random(in: 0..<pools.count, using: &random)]
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &random)) { return scalar }
        }
    }

    mutating func string(maximum: Int = 40) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maximum, using: &random) { text.append(scalar()) }
        return String(text)
    }

    mutating func maybe(_ make: (inout Self) -> String) -> String? {
        Bool.random(using: &random) ? make(&self) : nil
    }

    /// A finite double of any magnitude and sign (random bits) below `limit`, or a round or small one as latencies are.
    mutating func double(limit: Double = .greatestFiniteMagnitude) -> Double {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return Double(Int.random(in: -1_000_000...1_000_000, using: &random))
        case 1: return Double(Int.random(in: 0...10_000_000, using: &random)) / 1000
        case 2: return Double.random(in: -1e-3...1e-3, using: &random)
        default:
            while true {
                let value = Double(bitPattern: random.next())
                if value.isFinite, abs(value) < limit { return value }
            }
        }
    }

    mutating func record() -> AuditRecord {
        var record = AuditRecord(
            time: Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &random)), requestID: string(),
            identity: maybe { $0.string() }, clientIP: maybe { $0.string(maximum: 8) }, deployment: maybe { $0.string(maximum: 8) },
            operation: maybe { $0.string(maximum: 8) }, upstream: maybe { $0.string(maximum: 8) },
            // Latency is recorded as (ms * 1000).rounded() / 1000, finite below 1e300 (see `nonFinite`).
            status: Int.random(in: Int.min...Int.max, using: &random), latencyMilliseconds: double(limit: 1e300),
            totalTokens: Bool.random(using: &random) ? Int.random(in: Int.min...Int.max, using: &random) : nil, decision: string(),
            policy: maybe { $0.string() }, prompt: maybe { $0.string(maximum: 400) }, completion: maybe { $0.string(maximum: 400) })
        if Bool.random(using: &random) { record.guards = (0..<Int.random(in: 1...4, using: &random)).map { _ in string() } }
        record.limit = maybe { $0.string(maximum: 8) }
        record.images = Bool.random(using: &random) ? Int.random(in: -5...100, using: &random) : nil
        record.imageSize = maybe { $0.string(maximum: 9) }
        record.audioSeconds = Bool.random(using: &random) ? double() : nil
        return record
    }
}

@Suite("Audit line encoder: byte-identical to JSONSerialization")
struct AuditJSONIdentityTests {
    static func foundation(_ object: [String: Any]) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    @Test("5,000 generated request records (any Unicode, controls, U+2028, emoji, any Int, any finite Double) encode to the same bytes")
    func generatedRecords() {
        var generator = AuditValueGenerator(random: SeededGenerator(state: 13))
        var mismatches: [String] = []
        for index in 0..<5000 {
            let record = generator.record()
            let previous = AuditChain.hex(SHA256.hash(data: Data(String(index).utf8)))
            let canonical = record.lineObject(sequence: index, previous: previous)
            let reference = record.foundationLineObject(sequence: index, previous: previous)
            if canonical != reference, mismatches.count < 3 {
                mismatches.append(
                    "record \(index):\n  \(String(decoding: canonical, as: UTF8.self))\n  \(String(decoding: reference, as: UTF8.self))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test("every scalar below U+0080, alone, and a record with every optional field set, encode to the same bytes")
    func everyASCIIScalarAndEveryField() throws {
        for value in UInt32(0)..<0x80 {
            let text = String(Unicode.Scalar(value)!)
            #expect(AuditJSON.object([("k", .string(text))]) == (try Self.foundation(["k": text])), "U+\(String(value, radix: 16))")
        }
        var record = AuditRecord(
            time: Date(timeIntervalSince1970: 1_800_000_000), requestID: "r/1", identity: "bwk_x", clientIP: "10.0.0.1",
            deployment: "gpt-4o", operation: "chat", upstream: "u", status: 200, latencyMilliseconds: 1.5, totalTokens: 30,
            decision: "allowed", policy: "key bwk_x", prompt: "p\u{2028}", completion: "c😀")
        record.guards = ["a", "b"]
        record.limit = "l"
        record.images = 2
        record.imageSize = "1024x1024"
        record.audioSeconds = 12.25
        #expect(record.lineObject(sequence: 7, previous: "ab") == record.foundationLineObject(sequence: 7, previous: "ab"))
        #expect(String(decoding: record.lineObject(sequence: 7, previous: "ab"), as: UTF8.self).contains(#""images":2,"imageSize""#))
    }

    @Test("a non-finite number, which JSONSerialization refuses (the old line lost the whole record as {}), is written as null")
    func nonFinite() {
        var record = AuditRecord(
            time: Date(timeIntervalSince1970: 0), requestID: "r", identity: nil, clientIP: nil, deployment: nil, operation: nil,
            upstream: nil, status: 200, latencyMilliseconds: 1, totalTokens: nil, decision: "allowed")
        record.audioSeconds = .infinity
        #expect(String(decoding: record.foundationLineObject(sequence: 1, previous: "p"), as: UTF8.self) == "{}")
        let line = String(decoding: record.lineObject(sequence: 1, previous: "p"), as: UTF8.self)
        #expect(
            line
                == #"{"audioSeconds":null,"decision":"allowed","latencyMs":1,"prev":"p","requestId":"r","seq":1,"status":200,"time":"1970-01-01T00:00:00Z","type":"request"}"#
        )
    }

    @Test("event lines with arbitrary keys (digits, case, non-ASCII) sort as JSONSerialization sorts them")
    func arbitraryKeys() throws {
        var generator = AuditValueGenerator(random: SeededGenerator(state: 18))
        let fixed = ["a10", "a9", "A", "b", "B1", "é", "e", "E", "Z", "_x", "ß", "ss", "😀", "x2028\u{2028}", "images", "imageSize"]
        for round in 0..<300 {
            var fields: [String: String] = [:]
            for key in fixed.shuffled(using: &generator.random).prefix(6) { fields[key] = generator.string(maximum: 6) }
            for _ in 0..<3 { fields[generator.string(maximum: 5)] = generator.string(maximum: 6) }
            let members = fields.map { (key: $0.key, value: AuditJSONValue.string($0.value)) }
            #expect(AuditJSON.object(members) == (try Self.foundation(fields)), "round \(round)")
        }
    }

    @Test("the writer's lines (genesis, records, events, seals) still verify, and so does a log written by the old encoder")
    func linesVerify() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-json-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = SymmetricKey(data: Array("audit-json-identity-key-0123456789".utf8))
        var generator = AuditValueGenerator(random: SeededGenerator(state: 99))
        // A log whose request lines were written by the reference encoder, as earlier gateways wrote them.
        let oldPath = folder + "/old.jsonl"
        let writer = try AuditLogWriter(path: oldPath, key: key)
        try await writer.append(event: "suspension", fields: ["identity": "bwk_1", "reason": "é/\u{1}"])
        try await writer.close()
        var lines = try String(contentsOfFile: oldPath, encoding: .utf8).split(separator: "\n").map(String.init)
        var previous = AuditChain.hash(lines.last!)
        func appendSealed(_ object: [UInt8]) {
            var object = object
            object.removeLast()
            let mac = AuditChain.hex(HMAC<SHA256>.authenticationCode(for: object, using: key))
            let line = String(decoding: object, as: UTF8.self) + ",\"mac\":\"\(mac)\"}"
            lines.append(line)
            previous = AuditChain.hash(line)
        }
        for sequence in lines.count..<(lines.count + 50) {
            appendSealed(generator.record().foundationLineObject(sequence: sequence, previous: previous))
        }
        let seal: [String: Any] = ["type": "seal", "count": 50, "lastHash": previous, "seq": lines.count, "prev": previous]
        appendSealed(try Self.foundation(seal))
        try (lines.joined(separator: "\n") + "\n").write(toFile: oldPath, atomically: true, encoding: .utf8)
        // The new writer continues that log; everything verifies.
        let continued = try AuditLogWriter(path: oldPath, key: key)
        for _ in 0..<50 { try await continued.append(generator.record()) }
        try await continued.close()
        let text = try String(contentsOfFile: oldPath, encoding: .utf8)
        let report = AuditLogVerifier(key: key).verify(files: [(name: "old.jsonl", text: text)])
        #expect(report.verdict == .intact, "\(report.problem ?? "")")
        #expect(report.records >= 100)
    }
}
