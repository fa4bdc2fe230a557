import Foundation
import GatewayTesting
import Logging
import RateLimits
import Synchronization
import Testing
import TokenAccounting

@testable import Gateway

/// A ledger that keeps batches as they arrive, and can fail its first calls.
final class BatchLedger: UsageLedger {
    let batches = Mutex<[[UsageRecord]]>([])
    let failures: Mutex<Int>

    init(failing: Int = 0) { failures = Mutex(failing) }

    func record(_ records: [UsageRecord]) async throws(UsageLedgerError) {
        let fail = failures.withLock { failures in
            defer { failures = max(0, failures - 1) }
            return failures > 0
        }
        if fail { throw UsageLedgerError("the ledger is restarting") }
        batches.withLock { $0.append(records) }
    }

    func totals(since: Date) async throws(UsageLedgerError) -> [UsageTotal] { [] }

    var recorded: [String] { batches.withLock { $0.flatMap { $0.map(\.requestID) } } }
}

@Suite("Ledger writer")
struct LedgerWriterTests {
    static func record(_ id: Int) -> UsageRecord {
        UsageRecord(
            requestID: "r\(id)", time: Date(), identity: "bwk_a", keyPrefix: "bwk_a", policy: "key bwk_a", deployment: "gpt-4o",
            promptTokens: 1, completionTokens: 1, microUSD: 0, status: 200)
    }

    @Test("records are written in batches, in order, none twice, and what waits at shutdown is written")
    func batches() async throws {
        let ledger = BatchLedger()
        let writer = LedgerWriter(ledger: ledger, logger: Logger(label: "test"), batchSize: 1_000)
        for id in 0..<2_500 { writer.record(Self.record(id)) }
        try await withRunningServices([writer]) {
            for id in 2_500..<2_600 { writer.record(Self.record(id)) }
        }
        #expect(ledger.recorded == (0..<2_600).map { "r\($0)" })
        let sizes = ledger.batches.withLock { $0.map(\.count) }
        #expect(sizes.allSatisfy { $0 <= 1_000 } && sizes.count < 20, "\(sizes)")
        #expect(writer.waiting == 0)
    }

    @Test("records that trickle in share commits: at most one per interval, and shutdown does not wait out the interval")
    func interval() async throws {
        let ledger = BatchLedger()
        let writer = LedgerWriter(ledger: ledger, logger: Logger(label: "test"), interval: .seconds(30))
        let started = ContinuousClock.now
        try await withRunningServices([writer]) {
            for id in 0..<30 {
                writer.record(Self.record(id))
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        #expect(ledger.recorded == (0..<30).map { "r\($0)" })
        // Without the interval each record, arriving at an idle writer, was a commit of its own.
        let sizes = ledger.batches.withLock { $0.map(\.count) }
        #expect(sizes.count <= 3, "\(sizes)")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("a failed write is retried with the same records until the ledger takes them")
    func retries() async throws {
        let ledger = BatchLedger(failing: 3)
        let writer = LedgerWriter(ledger: ledger, logger: Logger(label: "test"))
        try await withRunningServices([writer]) {
            for id in 0..<10 { writer.record(Self.record(id)) }
            for _ in 0..<100 where writer.waiting > 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ledger.recorded == (0..<10).map { "r\($0)" })
    }

    @Test("beyond its capacity the writer drops new records instead of growing; a dead ledger does not hang shutdown")
    func bounded() async throws {
        let ledger = BatchLedger(failing: .max)
        let writer = LedgerWriter(ledger: ledger, logger: Logger(label: "test"), capacity: 10, shutdownGrace: .milliseconds(300))
        for id in 0..<15 { writer.record(Self.record(id)) }
        #expect(writer.waiting == 10)
        let started = ContinuousClock.now
        try await withRunningServices([writer]) { try await Task.sleep(for: .milliseconds(100)) }
        // A hang would be forever; the bound allows a machine starved by the rest of the suite.
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(ledger.recorded.isEmpty)
    }
}

@Suite("Settlement amounts")
struct SettlementAmountTests {
    static func record(upstream: String? = "fake") -> ExchangeRecord {
        var record = ExchangeRecord(requestID: "r", operation: .chat, clientIP: nil, started: .now)
        record.upstream = upstream
        record.tokenEstimate = TokenEstimate(prompt: 8, completion: 100)
        return record
    }

    @Test("usage settles as reported; failures to nothing; a cut stream to prompt and relayed deltas; anything else cut to the reservation")
    func amounts() {
        let record = Self.record()
        let usage = UpstreamForwarder.Relayed(usage: TokenUsage(prompt: 5, completion: 7, total: 12))
        #expect(RequestRecorder.used(record, status: 200, outcome: .allowed, relayed: usage) == (5, 7))
        #expect(RequestRecorder.used(record, status: 500, outcome: .allowed, relayed: nil) == (0, 0))
        #expect(
            RequestRecorder.used(Self.record(upstream: nil), status: 200, outcome: .refused(.rateLimitExceeded), relayed: nil) == (0, 0))
        let counted = UpstreamForwarder.Relayed(countedCompletionTokens: 3)
        #expect(RequestRecorder.used(record, status: 200, outcome: .streamInterrupted, relayed: counted) == (8, 3))
        // A JSON answer is generated whole before its first byte: a client that leaves does not get it for free.
        #expect(RequestRecorder.used(record, status: 200, outcome: .clientDisconnected, relayed: nil) == (8, 100))
        #expect(RequestRecorder.used(record, status: 200, outcome: .streamInterrupted, relayed: UpstreamForwarder.Relayed()) == (8, 100))
        // A usage with a total only: the rest counts as completion, the dearer side.
        let totalOnly = UpstreamForwarder.Relayed(usage: TokenUsage(prompt: 5, completion: 0, total: 20))
        #expect(RequestRecorder.used(record, status: 200, outcome: .allowed, relayed: totalOnly) == (5, 15))
    }
}
