import Foundation
import RESP
import RateLimits
@testable import RedisLimitStore
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server `Scripts/redis-for-tests.sh` started (a loopback address), if any.
let redisURL = ProcessInfo.processInfo.environment["BULWARK_REDIS_URL"]
/// A server of their own for the tests that flush its script cache or pause it (it defaults to the shared one).
let isolatedRedisURL = ProcessInfo.processInfo.environment["BULWARK_REDIS_ISOLATED_URL"] ?? redisURL

/// A key prefix no other test uses, with its hash tag.
func uniquePrefix(_ name: String) -> String { "{bwtest-\(name)-\(UInt32.random(in: 0...UInt32.max))}:" }

/// A store on its own connection. The timeout is long: one test pauses Redis's writes for 1.5 s, and the others
/// share the server.
func makeStore(
    prefix: String, rules: [LimitRule] = [], hash: String = "rules-v1", url: String? = redisURL, ledger: (any UsageLedger)? = nil,
    replicas: Int = 1, timeout: Duration = .seconds(30), heartbeat: Duration = .seconds(30), replayInterval: Duration = .milliseconds(200),
    lease: Duration = .seconds(900), maximumHold: Duration = .seconds(6 * 3_600),
    knownQuotaRules: (@Sendable () async throws(UsageLedgerError) -> [LimitRule])? = nil
) throws -> RedisLimitStore {
    let server = try RESPConfiguration(url: try #require(url))
    return RedisLimitStore(
        configuration: RedisLimitStore.Configuration(
            redis: server, keyPrefix: prefix, timeout: timeout, rulesHash: hash, rules: rules, replicas: replicas, lease: lease,
            maximumHold: maximumHold,
            heartbeat: heartbeat, replayInterval: replayInterval), ledger: ledger, knownQuotaRules: knownQuotaRules)
}

/// A plain client for looking at (and clearing) what the store wrote.
func makeClient(url: String? = redisURL) throws -> RESPClient {
    var configuration = try RESPConfiguration(url: try #require(url))
    configuration.commandTimeout = .seconds(5)
    return RESPClient(configuration: configuration)
}

/// Deletes every key under `prefix`, as a Redis restarted without persistence would have lost them.
func deleteKeys(_ prefix: String, _ client: RESPClient) async throws {
    let keys = try await client.send(["KEYS", RESPArgument(prefix + "*")]).array ?? []
    for key in keys {
        if let name = key.bytes { _ = try await client.send(["DEL", RESPArgument(name)]) }
    }
}

/// Admits `count` requests at once and counts those admitted.
func admitted(_ count: Int, stores: [RedisLimitStore], charges: [LimitCharge]) async throws -> Int {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        for index in 0..<count {
            group.addTask { try await stores[index % stores.count].admit(charges, now: Date()).isAdmitted }
        }
        var admitted = 0
        for try await ok in group where ok { admitted += 1 }
        return admitted
    }
}

/// A usage ledger in memory, as the real ones answer `totals(since:)`.
actor FakeLedger: UsageLedger {
    var records: [UsageRecord] = []
    var failing = false
    private(set) var reads = 0

    init(_ records: [UsageRecord] = []) { self.records = records }

    func record(_ batch: [UsageRecord]) async throws(UsageLedgerError) {
        for record in batch where !records.contains(where: { $0.requestID == record.requestID }) { records.append(record) }
    }

    func totals(since: Date) async throws(UsageLedgerError) -> [UsageTotal] {
        reads += 1
        if failing { throw UsageLedgerError("the fake ledger is failing") }
        var totals: [String: UsageTotal] = [:]
        for record in records where record.time >= since {
            let group = [record.identity, record.keyPrefix ?? "", record.policy, record.deployment].joined(separator: "\u{1F}")
            var total =
                totals[group]
                ?? UsageTotal(
                    identity: record.identity, keyPrefix: record.keyPrefix, policy: record.policy, deployment: record.deployment,
                    requests: 0,
                    promptTokens: 0, completionTokens: 0, microUSD: 0)
            total.requests += 1
            total.promptTokens += record.promptTokens
            total.completionTokens += record.completionTokens
            total.microUSD += record.microUSD
            totals[group] = total
        }
        return Array(totals.values)
    }

    func setFailing(_ value: Bool) { failing = value }
}

/// A TCP listener that accepts connections and never answers: a Redis that hangs.
final class SilentServer: Sendable {
    let port: Int
    private let socket: Int32

    init() throws {
        #if canImport(Glibc)
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0 && listen(fd, 16) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socket = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(socket)
        #else
            _ = Darwin.close(socket)
        #endif
    }
}
