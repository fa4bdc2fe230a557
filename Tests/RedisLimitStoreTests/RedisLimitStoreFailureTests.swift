import Foundation
import RESP
import RateLimits
@testable import RedisLimitStore
import Testing

@Suite("Redis limit store when Redis fails")
struct RedisLimitStoreFailureTests {
    static let deadURL = "redis://127.0.0.1:1"

    func rule(_ name: String, _ policy: LimitRule.StoreErrorPolicy, limit: Int64 = 10, mode: LimitRule.Mode = .enforce) -> LimitRule {
        LimitRule(name: name, scope: .key, kind: .rate(.requests, limit: limit, per: .seconds(3_600)), mode: mode, onStoreError: policy)
    }

    @Test("an unreachable store refuses a closed rule within its timeout, and keeps doing so quickly")
    func closedWhenUnreachable() async throws {
        let store = try makeStore(prefix: "{t}:", url: Self.deadURL, timeout: .milliseconds(300))
        let charges = [LimitCharge(rule: rule("closed", .closed), subject: "k", amount: 1)]
        var fastest = Duration.seconds(60)
        for _ in 0..<3 {
            let started = ContinuousClock.now
            await #expect(throws: LimitStoreError.unavailable) { try await store.admit(charges, now: Date()) }
            fastest = min(fastest, ContinuousClock.now - started)
        }
        // The fastest of three: a test process starved by the whole suite on two cores must not fail this.
        #expect(fastest < .milliseconds(300) + .milliseconds(1_500), "well before the 2 s connect timeout")
        await store.close()
    }

    @Test("a server that accepts and never answers is unavailable after the timeout, not the connect timeout")
    func closedWhenSilent() async throws {
        let silent = try SilentServer()
        defer { silent.close() }
        let store = try makeStore(prefix: "{t}:", url: "redis://127.0.0.1:\(silent.port)", timeout: .milliseconds(300))
        var fastest = Duration.seconds(60)
        for _ in 0..<3 {
            let started = ContinuousClock.now
            await #expect(throws: LimitStoreError.unavailable) {
                try await store.admit([LimitCharge(rule: rule("closed", .closed), subject: "k", amount: 1)], now: Date())
            }
            fastest = min(fastest, ContinuousClock.now - started)
        }
        #expect(fastest < .milliseconds(300) + .milliseconds(1_500), "the fastest of three, as above")
        await store.close()
    }

    @Test("open rules admit unchecked and say so; local rules enforce limit ÷ replicas in this replica")
    func openAndLocal() async throws {
        let store = try makeStore(prefix: "{t}:", url: Self.deadURL, replicas: 3, timeout: .milliseconds(200))
        let open = rule("open", .open, limit: 1)
        let local = rule("local", .local, limit: 10)
        let decision = try await store.admit([LimitCharge(rule: open, subject: "k", amount: 1)], now: Date())
        #expect(decision.isAdmitted)
        #expect(decision.fallback?.unchecked.map(\.name) == ["open"])
        #expect(decision.fallback?.error == .unavailable)
        var admitted = 0
        for _ in 0..<10 {
            let charges = [LimitCharge(rule: open, subject: "k", amount: 1), LimitCharge(rule: local, subject: "k", amount: 1)]
            let decision = try await store.admit(charges, now: Date())
            if decision.isAdmitted {
                admitted += 1
                #expect(decision.reservation?.id.hasPrefix("local:") == true)
            } else {
                #expect(decision.refusal?.rule.name == "local")
                #expect(decision.refusal?.rule.limit == 3, "the refusal names this replica's share")
            }
        }
        #expect(admitted == 3, "10 ÷ 3 replicas, rounded down, so three replicas together admit at most 9")
        // A rule with fewer units than replicas has no share here: refused, never 'request too large'.
        let tiny = try await store.admit([LimitCharge(rule: rule("tiny", .local, limit: 2), subject: "k", amount: 1)], now: Date())
        #expect(tiny.refusal?.reason == .rateExceeded)
        await store.close()
    }

    @Test("a request matching a closed and a local rule is refused when the store is down; a shadow closed rule is not")
    func mixed() async throws {
        let store = try makeStore(prefix: "{t}:", url: Self.deadURL, timeout: .milliseconds(200))
        let mixed = [
            LimitCharge(rule: rule("local", .local), subject: "k", amount: 1),
            LimitCharge(rule: rule("closed", .closed), subject: "k", amount: 1),
        ]
        await #expect(throws: LimitStoreError.unavailable) { try await store.admit(mixed, now: Date()) }
        let shadowClosed = [
            LimitCharge(rule: rule("local", .local), subject: "k", amount: 1),
            LimitCharge(rule: rule("trial", .closed, mode: .shadow), subject: "k", amount: 1),
        ]
        let decision = try await store.admit(shadowClosed, now: Date())
        #expect(decision.isAdmitted)
        #expect(decision.fallback?.local.map(\.name) == ["local"])
        await store.close()
    }

    @Test("a local reservation settles into this replica's memory: a concurrency slot comes back")
    func localSettlement() async throws {
        let store = try makeStore(prefix: "{t}:", url: Self.deadURL, replicas: 2, timeout: .milliseconds(200))
        let inflight = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 2), onStoreError: .local)
        let charge = [LimitCharge(rule: inflight, subject: "k", amount: 1)]
        let first = try #require(try await store.admit(charge, now: Date()).reservation)
        #expect(try await store.admit(charge, now: Date()).refusal?.reason == .tooManyInFlight, "one slot each of two replicas")
        await store.settle(first, actual: [:], now: Date())
        #expect(try await store.admit(charge, now: Date()).isAdmitted)
        #expect(store.pendingSettlements == 0)
        await store.close()
    }
}

@Suite("Redis limit store: rules hash, empty restarts, settlement replay", .enabled(if: redisURL != nil), .serialized)
struct RedisLimitStoreRecoveryTests {
    let quota = LimitRule(name: "monthly", scope: .identity, kind: .quota(.requests, limit: 10, period: .month), deployments: ["gpt-4o"])
    let tokens = LimitRule(name: "daily-tokens", scope: .key, kind: .quota(.tokens, limit: 1_000, period: .day))
    let global = LimitRule(name: "everyone", scope: .global, kind: .quota(.requests, limit: 100, period: .hour))

    func record(_ id: String, identity: String, key: String?, deployment: String = "gpt-4o", tokens: Int64 = 10, at time: Date = Date())
        -> UsageRecord
    {
        UsageRecord(
            requestID: id, time: time, identity: identity, keyPrefix: key, policy: key.map { "key \($0)" } ?? "policy readers",
            deployment: deployment, promptTokens: tokens / 2, completionTokens: tokens - tokens / 2, microUSD: 0, status: 200)
    }

    @Test("a replica with other rules refuses every limited request until the hash held expires")
    func rulesDiffer() async throws {
        let prefix = uniquePrefix("hash")
        let old = try makeStore(prefix: prefix, hash: "old-rules", heartbeat: .seconds(30))
        let new = try makeStore(prefix: prefix, hash: "new-rules", heartbeat: .seconds(30))
        let client = try makeClient()
        let open = LimitRule(name: "open", scope: .key, kind: .rate(.requests, limit: 5, per: .seconds(60)), onStoreError: .open)
        let charge = [LimitCharge(rule: open, subject: "k", amount: 1)]
        #expect(try await old.admit(charge, now: Date()).isAdmitted)
        await #expect(throws: LimitStoreError.rulesDiffer) { try await new.admit(charge, now: Date()) }
        #expect(try await old.admit(charge, now: Date()).isAdmitted, "the replicas already enforcing go on")
        let ttl = try #require(try await client.send(["PTTL", RESPArgument(prefix + "rules")]).int)
        #expect((28_000...30_000).contains(ttl), "admissions refresh the hash for one heartbeat, at least once a second")
        // The old replicas stopped: 30 s later their hash expires, as deleting it does now.
        _ = try await client.send(["DEL", RESPArgument(prefix + "rules")])
        let decision = try await new.admit(charge, now: Date())
        #expect(decision.isAdmitted)
        #expect(decision.fallback == nil, "checked in Redis, once the old rules' hash expired")
        await #expect(throws: LimitStoreError.rulesDiffer) { try await old.admit(charge, now: Date()) }
        try await deleteKeys(prefix, client)
        await client.close()
        await old.close()
        await new.close()
    }

    @Test("the ledger's totals map to counters by scope, deployment filter and measure")
    func ledgerMapping() {
        let totals = [
            UsageTotal(
                identity: "bwk_a", keyPrefix: "bwk_a", policy: "key bwk_a", deployment: "gpt-4o", requests: 3, promptTokens: 5,
                completionTokens: 7, microUSD: 9),
            UsageTotal(
                identity: "bwk_a", keyPrefix: "bwk_a", policy: "key bwk_a", deployment: "gpt-4o-mini", requests: 2, promptTokens: 1,
                completionTokens: 1, microUSD: 1),
            UsageTotal(
                identity: "entra:oid", keyPrefix: nil, policy: "readers", deployment: "gpt-4o", requests: 4, promptTokens: 0,
                completionTokens: 0, microUSD: 0),
        ]
        #expect(RedisLimitStore.usage(of: quota, in: totals) == ["bwk_a": 3, "entra:oid": 4])
        #expect(RedisLimitStore.usage(of: tokens, in: totals) == ["bwk_a": 14])
        #expect(RedisLimitStore.usage(of: global, in: totals) == ["": 9])
        let policy = LimitRule(name: "p", scope: .policy, kind: .quota(.microUSD, limit: 100, period: .month))
        #expect(RedisLimitStore.usage(of: policy, in: totals) == ["key bwk_a": 10, "readers": 0])
        let deployment = LimitRule(name: "d", scope: .deployment, kind: .quota(.requests, limit: 100, period: .month))
        #expect(RedisLimitStore.usage(of: deployment, in: totals) == ["gpt-4o": 7, "gpt-4o-mini": 2])
    }

    @Test("a store emptied by a restart is detected, and closed quotas refuse until rebuilt from the ledger")
    func rebuildAfterEmptyRestart() async throws {
        let prefix = uniquePrefix("rebuild")
        let earlier = Date().addingTimeInterval(-5)
        let ledger = FakeLedger(
            (0..<8).map { record("r\($0)", identity: "bwk_a", key: "bwk_a", at: earlier) }
                + [record("other", identity: "bwk_a", key: "bwk_a", deployment: "gpt-4o-mini", at: earlier)])
        let store = try makeStore(prefix: prefix, rules: [quota], ledger: ledger)
        let client = try makeClient()
        let charge = [LimitCharge(rule: quota, subject: "bwk_a", amount: 1)]
        // A fresh prefix looks like an emptied store: the first request waits for the rebuild (well within the
        // store's 5 s timeout here), and is then counted after the ledger's 8.
        let first = try await store.admit(charge, now: Date())
        #expect(first.statuses.first?.remaining == 1, "8 from the ledger (gpt-4o only) and this one, of 10")
        #expect(try await store.admit(charge, now: Date()).isAdmitted)
        #expect(try await store.admit(charge, now: Date()).refusal?.reason == .quotaExhausted)
        // Redis restarts empty: everything under the prefix is gone; the ledger has kept what was settled.
        try await deleteKeys(prefix, client)
        for index in 8..<10 { try await ledger.record(record("r\(index)", identity: "bwk_a", key: "bwk_a")) }
        let rebuilt = try await store.admit(charge, now: Date())
        #expect(rebuilt.refusal?.reason == .quotaExhausted, "10 in the ledger: the quota is still spent after the restart")
        #expect(try await client.send(["EXISTS", RESPArgument(prefix + "generation")]).int == 1)
        try await deleteKeys(prefix, client)
        await store.close()
        await client.close()
    }

    @Test("a rebuild covers quotas the rebuilding replica has not met: every key's own limits, as the gateway gives them")
    func rebuildKnownQuotas() async throws {
        let prefix = uniquePrefix("known")
        let earlier = Date().addingTimeInterval(-5)
        let ledger = FakeLedger((0..<8).map { record("x\($0)", identity: "bwk_x", key: "bwk_x", at: earlier) })
        let keyQuota = LimitRule(name: "key:requests=10/month", scope: .key, kind: .quota(.requests, limit: 10, period: .month))
        let other = LimitRule(name: "other", scope: .key, kind: .rate(.requests, limit: 100, per: .seconds(60)))
        let rebuilding = try makeStore(prefix: prefix, ledger: ledger, knownQuotaRules: { [keyQuota] })
        let serving = try makeStore(prefix: prefix, ledger: ledger)
        // The first replica rebuilds on another key's request: it has never served key x.
        #expect(try await rebuilding.admit([LimitCharge(rule: other, subject: "bwk_y", amount: 1)], now: Date()).isAdmitted)
        // The second then serves key x for the first time: its monthly quota already holds the ledger's 8.
        let first = try await serving.admit([LimitCharge(rule: keyQuota, subject: "bwk_x", amount: 1)], now: Date())
        #expect(first.statuses.first?.remaining == 1)
        let client = try makeClient()
        try await deleteKeys(prefix, client)
        await client.close()
        await rebuilding.close()
        await serving.close()
    }

    @Test("while the ledger cannot be read, closed quotas stay refused; open ones go on")
    func rebuildWithFailingLedger() async throws {
        let prefix = uniquePrefix("rebuild-fail")
        let ledger = FakeLedger()
        await ledger.setFailing(true)
        // Each admission waits as long as the timeout for a rebuild that cannot finish; a shorter one would let a
        // Redis call on a machine starved by the rest of the suite time out first (store_unavailable, not rebuilding).
        let store = try makeStore(prefix: prefix, rules: [quota], ledger: ledger, timeout: .seconds(1))
        let charge = [LimitCharge(rule: quota, subject: "bwk_a", amount: 1)]
        for _ in 0..<3 {
            await #expect(throws: LimitStoreError.rebuilding) { try await store.admit(charge, now: Date()) }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await ledger.reads > 0)
        var open = quota
        open.onStoreError = .open
        let decision = try await store.admit([LimitCharge(rule: open, subject: "bwk_a", amount: 1)], now: Date())
        #expect(decision.fallback?.error == .rebuilding)
        await ledger.setFailing(false)
        _ = try await admitWhenRebuilt(store, charge)
        let client = try makeClient()
        try await deleteKeys(prefix, client)
        await client.close()
        await store.close()
    }

    @Test("at shutdown, settlements still waiting are written once more before the connection closes")
    func shutdownWritesWaitingSettlements() async throws {
        let prefix = uniquePrefix("shutdown")
        let store = try makeStore(prefix: prefix, url: isolatedRedisURL, timeout: .milliseconds(200), replayInterval: .seconds(60))
        let inflight = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 1))
        let charge = [LimitCharge(rule: inflight, subject: "k", amount: 1)]
        let reservation = try #require(try await store.admit(charge, now: Date()).reservation)
        let client = try makeClient(url: isolatedRedisURL)
        _ = try await client.send(["CLIENT", "PAUSE", "400", "WRITE"])
        await store.settle(reservation, actual: [:], now: Date())
        #expect(store.pendingSettlements == 1, "Redis did not take it in time; the next replay is a minute away")
        try await Task.sleep(for: .milliseconds(600))
        await store.shutdown()
        #expect(store.pendingSettlements == 0)
        // The slot was given back: another replica is admitted.
        let other = try makeStore(prefix: prefix, url: isolatedRedisURL)
        #expect(try await other.admit(charge, now: Date()).isAdmitted)
        await other.close()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    @Test("a settlement written without waiting that Redis does not confirm in time waits in the backlog; shutdown waits for it")
    func writtenSettlementUnconfirmed() async throws {
        let prefix = uniquePrefix("unconfirmed")
        let store = try makeStore(prefix: prefix, url: isolatedRedisURL, timeout: .milliseconds(200), replayInterval: .seconds(60))
        let inflight = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 1))
        let charge = [LimitCharge(rule: inflight, subject: "k", amount: 1)]
        // One settlement first, awaited: it loads the script, so the next is written without waiting.
        let first = try #require(try await store.admit(charge, now: Date()).reservation)
        await store.settle(first, actual: [:], now: Date())
        let reservation = try #require(try await store.admit(charge, now: Date()).reservation)
        let client = try makeClient(url: isolatedRedisURL)
        // Paused past the store's 200 ms timeout, and over by the time shutdown writes the settlement again.
        _ = try await client.send(["CLIENT", "PAUSE", "250", "WRITE"])
        let started = ContinuousClock.now
        await store.settle(reservation, actual: [:], now: Date())
        #expect(ContinuousClock.now - started < .milliseconds(150), "written, not waited for")
        await store.shutdown()
        #expect(ContinuousClock.now - started > .milliseconds(150), "shutdown waited for the unconfirmed settlement")
        #expect(store.pendingSettlements == 0, "and wrote it again once Redis answered")
        let other = try makeStore(prefix: prefix, url: isolatedRedisURL)
        #expect(try await other.admit(charge, now: Date()).isAdmitted, "the slot was given back")
        await other.close()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    @Test("settlements made while Redis does not answer wait in memory and are replayed, once, when it is back")
    func settlementReplay() async throws {
        let prefix = uniquePrefix("replay")
        let store = try makeStore(prefix: prefix, url: isolatedRedisURL, timeout: .milliseconds(200), replayInterval: .milliseconds(300))
        let inflight = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 1))
        let rate = LimitRule(name: "tph", scope: .key, kind: .rate(.tokens, limit: 1_000, per: .seconds(3_600)))
        let charges = [LimitCharge(rule: inflight, subject: "k", amount: 1), LimitCharge(rule: rate, subject: "k", amount: 900)]
        let reservation = try #require(try await store.admit(charges, now: Date()).reservation)
        let client = try makeClient(url: isolatedRedisURL)
        // Redis stops answering writes (scripts included) for a while.
        _ = try await client.send(["CLIENT", "PAUSE", "1500", "WRITE"])
        await store.settle(reservation, actual: [.tokens: 100], now: Date())
        #expect(store.pendingSettlements == 1)
        var waited = 0
        while store.pendingSettlements > 0 && waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(store.pendingSettlements == 0)
        // Settled exactly once: the slot is free, and 800 tokens came back (not 1,600).
        let next = try await store.admit(
            [LimitCharge(rule: inflight, subject: "k", amount: 1), LimitCharge(rule: rate, subject: "k", amount: 900)], now: Date())
        #expect(next.isAdmitted, "\(String(describing: next.refusal))")
        #expect(next.statuses.last?.remaining == 0)
        try await deleteKeys(prefix, client)
        await client.close()
        await store.close()
    }

    /// Admits until the rebuild has finished (bounded), then returns the first decision Redis made.
    private func admitWhenRebuilt(_ store: RedisLimitStore, _ charges: [LimitCharge], expectAdmitted: Bool = true) async throws
        -> LimitDecision
    {
        for _ in 0..<100 {
            do throws(LimitStoreError) {
                let decision = try await store.admit(charges, now: Date())
                #expect(decision.isAdmitted == expectAdmitted)
                return decision
            } catch {
                #expect(error == .rebuilding)
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        Issue.record("the store was not rebuilt within 5 s")
        throw LimitStoreError.rebuilding
    }
}
