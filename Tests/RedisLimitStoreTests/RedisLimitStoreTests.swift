import Foundation
import RESP
import RateLimits
@testable import RedisLimitStore
import Testing

@Suite("Redis limit store against a real redis-server", .enabled(if: redisURL != nil))
struct RedisLimitStoreTests {
    // Rolling hours, though named per minute: a test starved for seconds by the rest of the suite must not see a
    // token refilled between two calls.
    let perMinute = LimitRule(name: "rpm", scope: .key, kind: .rate(.requests, limit: 3, per: .seconds(3_600)))
    let tokensPerMinute = LimitRule(name: "tpm", scope: .key, kind: .rate(.tokens, limit: 1_000, per: .seconds(3_600)))
    let daily = LimitRule(name: "daily", scope: .identity, kind: .quota(.tokens, limit: 1_500, period: .day))

    func charges(tokens: Int64, key: String = "bwk_a") -> [LimitCharge] {
        [
            LimitCharge(rule: perMinute, subject: key, amount: 1),
            LimitCharge(rule: tokensPerMinute, subject: key, amount: tokens),
            LimitCharge(rule: daily, subject: key, amount: tokens),
        ]
    }

    @Test("three stores on three connections, 300 concurrent requests against 50 per hour: exactly 50 admitted")
    func exactAcrossReplicas() async throws {
        let prefix = uniquePrefix("exact")
        let stores = try (0..<3).map { _ in try makeStore(prefix: prefix) }
        let rule = LimitRule(name: "hourly", scope: .key, kind: .rate(.requests, limit: 50, per: .seconds(3_600)))
        let quota = LimitRule(name: "monthly", scope: .global, kind: .quota(.requests, limit: 1_000, period: .month))
        let charges = [LimitCharge(rule: rule, subject: "k", amount: 1), LimitCharge(rule: quota, subject: "", amount: 1)]
        #expect(try await admitted(300, stores: stores, charges: charges) == 50)
        // The quota counted exactly the admitted requests: refused ones charged nothing.
        let last = try await stores[0].admit([LimitCharge(rule: quota, subject: "", amount: 1)], now: Date())
        #expect(last.statuses.first?.remaining == 949, "1,000 less the 51 admitted")
        for store in stores { await store.close() }
        let client = try makeClient()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    @Test("debt is charged even when the rate's counter expired before the answer was settled")
    func debtAfterExpiry() async throws {
        let prefix = uniquePrefix("debt")
        let store = try makeStore(prefix: prefix)
        // A token holds the counter for 0.1 s; a debt of 999 puts it 99.9 s ahead, 90 s past what the rule allows,
        // so a slow test run cannot outlast it.
        let rule = LimitRule(name: "tps", scope: .key, kind: .rate(.tokens, limit: 100, per: .seconds(10)))
        let reservation = try #require(try await store.admit([LimitCharge(rule: rule, subject: "k", amount: 1)], now: Date()).reservation)
        // The answer took longer than the counter lived, and used ten times the limit.
        try await Task.sleep(for: .milliseconds(300))
        await store.settle(reservation, actual: [.tokens: 1_000], now: Date())
        let next = try await store.admit([LimitCharge(rule: rule, subject: "k", amount: 2)], now: Date())
        #expect(next.refusal?.reason == .rateExceeded, "the 999 tokens of debt stand: two more do not fit yet")
        await store.close()
        let client = try makeClient()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    @Test("every rule is charged, or none: a refusal by one leaves the others as they were")
    func allOrNothing() async throws {
        let store = try makeStore(prefix: uniquePrefix("all"))
        let first = try await store.admit(charges(tokens: 900), now: Date())
        #expect(first.isAdmitted)
        let second = try await store.admit(charges(tokens: 200), now: Date())
        #expect(second.refusal?.rule.name == "tpm")
        #expect(second.refusal?.reason == .rateExceeded)
        #expect(second.reservation == nil)
        #expect(second.statuses.first { $0.rule.name == "rpm" }?.remaining == 2, "the request rule was not charged")
        #expect(second.statuses.first { $0.rule.name == "daily" }?.remaining == 600, "nor the quota")
        #expect(try await store.admit(charges(tokens: 50), now: Date()).isAdmitted)
        #expect(try await store.admit(charges(tokens: 50), now: Date()).isAdmitted)
        #expect(try await store.admit(charges(tokens: 1), now: Date()).refusal?.rule.name == "rpm")
        await store.close()
    }

    @Test("GCRA, quotas and concurrency answer as the memory store does, on the same sequence")
    func equivalentToMemory() async throws {
        let store = try makeStore(prefix: uniquePrefix("same"))
        let memory = MemoryLimitStore()
        // Long periods: one unit is 86 s of tokens and 5 h of requests, so a slow machine never crosses a unit
        // between the two stores' clocks (Redis's and this process's, the same machine's).
        let rate = LimitRule(name: "tpd", scope: .key, kind: .rate(.tokens, limit: 1_000, per: .seconds(86_400)))
        let requests = LimitRule(name: "rpd", scope: .key, kind: .rate(.requests, limit: 5, per: .seconds(86_400)))
        let inflight = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 2))
        let shadow = LimitRule(name: "trial", scope: .global, kind: .rate(.requests, limit: 2, per: .seconds(86_400)), mode: .shadow)
        let sequence: [(tokens: Int64, actual: Int64?)] = [
            (300, 100), (400, nil), (500, 700), (200, 200), (1_200, nil), (100, 0), (250, nil), (50, 50), (10, nil),
        ]
        var open: [(LimitReservation, LimitReservation)] = []
        var window: TimeInterval = 0
        for (step, entry) in sequence.enumerated() {
            let charges = [
                LimitCharge(rule: requests, subject: "k", amount: 1), LimitCharge(rule: rate, subject: "k", amount: entry.tokens),
                LimitCharge(rule: inflight, subject: "k", amount: 1), LimitCharge(rule: shadow, subject: "", amount: 1),
            ]
            // Redis reads its own clock, somewhere between `before` and `after`; the memory store is given `after`.
            // A starved test process (the whole suite on two cores) can stretch that window to seconds: the
            // timings may differ by up to two windows (a TAT set in one step, read in the next).
            let before = Date()
            let shared = try await store.admit(charges, now: before)
            let after = Date()
            let local = memory.admit(charges, now: after)
            window = max(window, after.timeIntervalSince(before))
            let tolerance = 0.01 + 2 * window
            #expect(shared.isAdmitted == local.isAdmitted, "step \(step)")
            #expect(shared.refusal?.reason == local.refusal?.reason, "step \(step)")
            #expect(shared.refusal?.rule.name == local.refusal?.rule.name, "step \(step)")
            #expect(shared.shadowRefusals.map(\.rule.name) == local.shadowRefusals.map(\.rule.name), "step \(step)")
            #expect(shared.statuses.map(\.remaining) == local.statuses.map(\.remaining), "step \(step)")
            for (a, b) in zip(shared.statuses, local.statuses) {
                #expect(abs(a.resetAfter - b.resetAfter) <= tolerance, "step \(step) \(a.rule.name): \(a.resetAfter) vs \(b.resetAfter)")
            }
            if let retry = local.refusal?.retryAfter {
                #expect(abs((shared.refusal?.retryAfter ?? -100) - retry) <= tolerance, "step \(step)")
            }
            if let a = shared.reservation, let b = local.reservation {
                #expect(a.charges == b.charges, "step \(step)")
                open.append((a, b))
            }
            // Settle as the exchange ends: some at once, some later, all into both stores.
            if let actual = entry.actual, let (a, b) = open.popLast() {
                let before = Date()
                await store.settle(a, actual: [.tokens: actual], now: before)
                let after = Date()
                memory.settle(b, actual: [.tokens: actual], now: after)
                window = max(window, after.timeIntervalSince(before))
            }
        }
        await store.close()
    }

    @Test("settlement refunds unused tokens and charges debt, once, whichever replica replays it; requests are never refunded")
    func settlement() async throws {
        let prefix = uniquePrefix("settle")
        let store = try makeStore(prefix: prefix)
        let other = try makeStore(prefix: prefix)
        let reserved = try #require(try await store.admit(charges(tokens: 800), now: Date()).reservation)
        await store.settle(reserved, actual: [.tokens: 100], now: Date())
        await other.settle(reserved, actual: [.tokens: 0], now: Date())  // a replay, on another replica, does nothing
        await store.settle(reserved, actual: [.tokens: 0], now: Date())
        let after = try await store.admit(charges(tokens: 850), now: Date())
        #expect(after.isAdmitted, "the refund of 700 tokens made room: \(String(describing: after.refusal))")
        #expect(after.statuses.first { $0.rule.name == "rpm" }?.remaining == 1, "both requests still count")
        #expect(after.statuses.first { $0.rule.name == "daily" }?.remaining == 550, "1,500 less 100 and 850")
        let debt = try #require(after.reservation)
        await other.settle(debt, actual: [.tokens: 1_400], now: Date())
        let refused = try await store.admit(charges(tokens: 1), now: Date())
        #expect(refused.refusal?.rule.name == "tpm")
        #expect(refused.statuses.first { $0.rule.name == "daily" }?.remaining == 0, "100 + 1,400 of 1,500 used, never below 0 left")
        let client = try makeClient()
        #expect(try await client.send(["EXISTS", RESPArgument(prefix + "res:" + debt.id)]).int == 0, "a settled reservation is gone")
        await client.close()
        await store.close()
        await other.close()
    }

    @Test("concurrency slots are taken on admission and given back on settlement by any replica")
    func concurrency() async throws {
        let prefix = uniquePrefix("inflight")
        let store = try makeStore(prefix: prefix)
        let other = try makeStore(prefix: prefix)
        let rule = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 2))
        let charge = [LimitCharge(rule: rule, subject: "k", amount: 1)]
        let first = try #require(try await store.admit(charge, now: Date()).reservation)
        #expect(try await other.admit(charge, now: Date()).isAdmitted)
        let refused = try await store.admit(charge, now: Date())
        #expect(refused.refusal?.reason == .tooManyInFlight)
        #expect(refused.refusal?.retryAfter == 1)
        await other.settle(first, actual: [:], now: Date())
        #expect(try await store.admit(charge, now: Date()).isAdmitted)
        await store.settle(first, actual: [:], now: Date())  // a replay frees nothing more
        #expect(try await store.admit(charge, now: Date()).refusal?.reason == .tooManyInFlight)
        await store.close()
        await other.close()
    }

    @Test("a settlement written without waiting for Redis is in place before the same store's next admission")
    func writtenSettlementOrdered() async throws {
        let prefix = uniquePrefix("written")
        let store = try makeStore(prefix: prefix)
        let rule = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 1))
        let tokens = LimitRule(name: "tph", scope: .key, kind: .rate(.tokens, limit: 1_000, per: .seconds(3_600)))
        let charges = [LimitCharge(rule: rule, subject: "k", amount: 1), LimitCharge(rule: tokens, subject: "k", amount: 1_000)]
        // The first settlement loads the script (awaited); every later one is written and not waited for.
        for round in 0..<50 {
            let decision = try await store.admit(charges, now: Date())
            let reservation = try #require(decision.reservation, "round \(round): the slot and the refund of the last round are back")
            await store.settle(reservation, actual: [.tokens: 0], now: Date())
        }
        await store.close()
        let client = try makeClient()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    @Test("names a caller chose cannot forge a settlement: counters holding the record's separators settle only themselves")
    func forgedRecordFields() async throws {
        let prefix = uniquePrefix("forged")
        let store = try makeStore(prefix: prefix)
        // The scripts read Redis's own clock, so the rate is a weekly one: it refills a token every 10 minutes, which
        // no run, however slow, sees (an hourly one refilled a token every 3.6 s, and a loaded machine saw it).
        let now = Date()
        let rate = LimitRule(name: "tph", scope: .key, kind: .rate(.tokens, limit: 1_000, per: .seconds(604_800)))
        let quota = LimitRule(name: "daily", scope: .key, kind: .quota(.tokens, limit: 1_000, period: .day))
        let victim = [LimitCharge(rule: rate, subject: "victim", amount: 600), LimitCharge(rule: quota, subject: "victim", amount: 600)]
        _ = try #require(try await store.admit(victim, now: now).reservation)
        // A subject shaped like the record: a length, a colon, a kind, a key of another counter and a huge refund.
        let hostile = "3:x\n5:quota\(prefix.count + 14):\(prefix)r:tph:victim8:-1000000:tokens0:"
        let own = [LimitCharge(rule: rate, subject: hostile, amount: 400), LimitCharge(rule: quota, subject: hostile, amount: 400)]
        let reservation = try #require(try await store.admit(own, now: now).reservation)
        await store.settle(reservation, actual: [.tokens: 0], now: now)
        let after = try await store.admit(own.map { LimitCharge(rule: $0.rule, subject: hostile, amount: 0) }, now: now)
        #expect(after.statuses.map(\.remaining) == [1_000, 1_000], "its own reservation was given back")
        let victimAfter = try await store.admit(victim.map { LimitCharge(rule: $0.rule, subject: "victim", amount: 0) }, now: now)
        #expect(victimAfter.statuses.map(\.remaining) == [400, 400], "the other counters are as they were")
        await store.close()
        let client = try makeClient()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    /// The milliseconds a key has left to live.
    func timeToLive(_ key: String, _ client: RESPClient) async throws -> Int64 {
        try #require(try await client.send(["PTTL", RESPArgument(key)]).int)
    }

    @Test("a request in flight has its lease renewed, slot and reservation; once settled, or held too long, no more")
    func leaseRenewal() async throws {
        let prefix = uniquePrefix("lease")
        let rule = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 1))
        let tokens = LimitRule(name: "tph", scope: .key, kind: .rate(.tokens, limit: 1_000, per: .seconds(3_600)))
        let charges = [LimitCharge(rule: rule, subject: "k", amount: 1), LimitCharge(rule: tokens, subject: "k", amount: 900)]
        // A lease of 5 minutes: the store's own renewal loop (every 100 s) stays out of the way; turns are run here.
        let store = try makeStore(prefix: prefix, lease: .seconds(300), maximumHold: .seconds(3_600))
        let client = try makeClient()
        let reservation = try #require(try await store.admit(charges, now: Date()).reservation)
        let key = store.reservationKey(reservation.id)
        let slots = prefix + "c:" + charges[0].counter
        try await Task.sleep(for: .seconds(2))
        let before = try await timeToLive(key, client)
        let slotBefore = try #require(try await client.send(["ZSCORE", RESPArgument(slots), RESPArgument(reservation.id + "#1")]).string)
        #expect(await store.renewTurn(now: .now) == 1)
        #expect(try await timeToLive(key, client) > before, "the reservation's lease was extended")
        let slotAfter = try #require(try await client.send(["ZSCORE", RESPArgument(slots), RESPArgument(reservation.id + "#1")]).string)
        #expect(Double(slotAfter) ?? 0 > Double(slotBefore) ?? 0, "and so was its slot's")
        // Two hours on, it has been held past the hour allowed: forgotten, not renewed (its lease then runs out).
        #expect(await store.renewTurn(now: .now + .seconds(7_200)) == 0)
        // Settled: nothing is left to renew, and the slot and the refund are back.
        await store.settle(reservation, actual: [.tokens: 100], now: Date())
        #expect(try await store.admit(charges, now: Date()).isAdmitted, "the slot is free and 800 tokens came back")
        await store.close()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    @Test("a settled reservation is no longer renewed")
    func settledNotRenewed() async throws {
        let prefix = uniquePrefix("settled-lease")
        let rule = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 1))
        let store = try makeStore(prefix: prefix, lease: .seconds(300))
        let reservation = try #require(try await store.admit([LimitCharge(rule: rule, subject: "k", amount: 1)], now: Date()).reservation)
        await store.settle(reservation, actual: [:], now: Date())
        #expect(await store.renewTurn(now: .now) == 0)
        await store.close()
        let client = try makeClient()
        try await deleteKeys(prefix, client)
        await client.close()
    }

    @Test("a shadow rule that would refuse takes nothing; a request larger than a rule ever allows never fits")
    func shadowAndNeverFits() async throws {
        let store = try makeStore(prefix: uniquePrefix("shadow"))
        let shadow = LimitRule(name: "s", scope: .key, kind: .concurrent(limit: 1), mode: .shadow)
        let charge = [LimitCharge(rule: shadow, subject: "k", amount: 1)]
        let first = try #require(try await store.admit(charge, now: Date()).reservation)
        let second = try await store.admit(charge, now: Date())
        #expect(second.isAdmitted)
        #expect(second.shadowRefusals.map(\.rule.name) == ["s"])
        #expect(second.reservation?.charges.isEmpty == true)
        await store.settle(try #require(second.reservation), actual: [:], now: Date())
        #expect(try await store.admit(charge, now: Date()).shadowRefusals.count == 1, "the first still holds the one slot")
        await store.settle(first, actual: [:], now: Date())
        #expect(try await store.admit(charge, now: Date()).shadowRefusals.isEmpty)
        let huge = try await store.admit(charges(tokens: 1_200), now: Date())
        #expect(huge.refusal?.reason == .neverFits)
        #expect(huge.refusal?.retryAfter == nil)
        await store.close()
    }

    @Test("quotas count in the server's UTC calendar window, expire at its end, and refuse with the time left")
    func quotaWindows() async throws {
        let prefix = uniquePrefix("quota")
        let store = try makeStore(prefix: prefix)
        let client = try makeClient()
        let quota = LimitRule(name: "monthly", scope: .identity, kind: .quota(.requests, limit: 2, period: .month))
        let charge = [LimitCharge(rule: quota, subject: "oid-1", amount: 1)]
        #expect(try await store.admit(charge, now: Date()).isAdmitted)
        #expect(try await store.admit(charge, now: Date()).isAdmitted)
        let refused = try await store.admit(charge, now: Date())
        #expect(refused.refusal?.reason == .quotaExhausted)
        let serverTime = try await client.time()
        let now = Date(timeIntervalSince1970: Double(serverTime.components.seconds))
        let window = CalendarPeriod.month.window(containing: now)
        let left = window.upperBound.timeIntervalSince(now)
        #expect(abs((refused.refusal?.retryAfter ?? 0) - left) < 2)
        let key = prefix + "q:\(Int(window.lowerBound.timeIntervalSince1970)):" + charge[0].counter
        #expect(try await client.send(["GET", RESPArgument(key)]).int == 2, "the window's start is in the key")
        let ttl = try #require(try await client.send(["PTTL", RESPArgument(key)]).int)
        #expect(abs(Double(ttl) / 1000 - left) < 2, "the key lives until the window ends")
        await store.close()
        await client.close()
    }

    @Test(
        "the script's calendar windows are CalendarPeriod's, across years, leap days, ISO weeks and month ends",
        arguments: CalendarPeriod.allCases)
    func calendarInLua(period: CalendarPeriod) async throws {
        let client = try makeClient()
        let script = RedisScripts.calendar + "local s, e = calendarWindow(ARGV[1], tonumber(ARGV[2])) return {s, e}"
        var dates = [
            "1970-01-01T00:00:00Z", "2000-02-29T12:00:00Z", "2026-12-06T12:00:00Z", "2026-12-07T00:00:00Z", "2026-12-31T23:59:59Z",
            "2027-01-01T00:00:00Z", "2028-02-29T10:00:00Z", "2100-03-01T00:00:00Z",
        ].map { ISO8601DateFormatter().date(from: $0)! }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 { dates.append(Date(timeIntervalSince1970: Double(Int.random(in: 0...4_102_444_800, using: &generator)))) }
        for date in dates {
            let seconds = Int(date.timeIntervalSince1970)
            // EVAL, not the script cache: another test flushes that.
            let reply = try await client.send(["EVAL", RESPArgument(script), 0, RESPArgument(period.rawValue), RESPArgument(seconds)])
            let expected = period.window(containing: date)
            #expect(
                reply.array?.compactMap(\.int)
                    == [Int64(expected.lowerBound.timeIntervalSince1970), Int64(expected.upperBound.timeIntervalSince1970)],
                "\(period) at \(date)")
        }
        await client.close()
    }

    @Test("after SCRIPT FLUSH the store loads its scripts again (NOSCRIPT) and goes on counting")
    func scriptReload() async throws {
        let store = try makeStore(prefix: uniquePrefix("noscript"), url: isolatedRedisURL)
        let rule = LimitRule(name: "r", scope: .key, kind: .rate(.requests, limit: 2, per: .seconds(3_600)))
        let charge = [LimitCharge(rule: rule, subject: "k", amount: 1)]
        #expect(try await store.admit(charge, now: Date()).isAdmitted)
        let client = try makeClient(url: isolatedRedisURL)
        #expect(try await client.send(["SCRIPT", "FLUSH"]) == .simpleString("OK"))
        #expect(try await store.admit(charge, now: Date()).isAdmitted)
        #expect(try await store.admit(charge, now: Date()).refusal?.reason == .rateExceeded)
        await client.close()
        await store.close()
    }
}
