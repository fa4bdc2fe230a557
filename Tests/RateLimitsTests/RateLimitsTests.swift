import Foundation
import RateLimits
import Testing

@Suite("Limit specifications")
struct LimitSpecTests {
    @Test(
        "limits read as keys create takes them",
        arguments: [
            ("requests=50/60s", LimitRule.Kind.rate(.requests, limit: 50, per: .seconds(60))),
            ("tokens=10000/5m", .rate(.tokens, limit: 10_000, per: .seconds(300))),
            ("tokens=5000000/month", .quota(.tokens, limit: 5_000_000, period: .month)),
            ("requests=1000/day", .quota(.requests, limit: 1_000, period: .day)),
            ("usd=200/month", .quota(.microUSD, limit: 200_000_000, period: .month)),
            ("usd=12.5/week", .quota(.microUSD, limit: 12_500_000, period: .week)),
            ("concurrent=4", .concurrent(limit: 4)),
            (" Tokens=7/1h ", .rate(.tokens, limit: 7, per: .seconds(3_600))),
        ])
    func parses(text: String, kind: LimitRule.Kind) throws {
        #expect(try LimitSpec.parse(text, name: "k", scope: .key).kind == kind)
    }

    @Test(
        "malformed limits are refused, never read as unlimited",
        arguments: [
            ("requests=abc/60s", "whole number of requests"),
            ("requests=50/-5s", "expected a period"),
            ("requests=0/60s", "greater than 0"),
            ("requests=-5/60s", "greater than 0"),
            ("requests=50", "AMOUNT/PERIOD"),
            ("bytes=5/60s", "unknown measure 'bytes'"),
            ("usd=200/60s", "a budget resets on the calendar"),
            ("usd=1.1234567/month", "US dollars"),
            ("usd=1.+5/month", "US dollars"),
            ("tokens=5/fortnight", "expected a period"),
            ("tokens=5/40d", "at most 31d"),
            ("tokens=5/99999999999999999d", "at most 31d"),
            ("concurrent=0", "requests in flight"),
            ("requests", "MEASURE=AMOUNT/PERIOD"),
        ])
    func refuses(text: String, expected: String) {
        #expect {
            _ = try LimitSpec.parse(text, name: "k", scope: .key)
        } throws: { error in
            (error as? LimitSpecError)?.message.contains(expected) == true
        }
    }
}

@Suite("Key limits")
struct KeyLimitsTests {
    @Test("a key's spec becomes a key-scoped rule named after it, for requests, tokens and spend")
    func rules() throws {
        let rule = try KeyLimits.rule(for: " requests=50/60s ")
        #expect(rule.name == "key:requests=50/60s" && rule.scope == .key)
        #expect(rule.kind == .rate(.requests, limit: 50, per: .seconds(60)))
        #expect(try KeyLimits.rule(for: "tokens=1000/60s").kind == .rate(.tokens, limit: 1000, per: .seconds(60)))
        #expect(try KeyLimits.rule(for: "usd=5/month").kind == .quota(.microUSD, limit: 5_000_000, period: .month))
        #expect(throws: LimitSpecError.self) { try KeyLimits.rule(for: "usd=5/60s") }
        #expect(throws: LimitSpecError.self) { try KeyLimits.rule(for: "tokens=-1/60s") }
    }
}

@Suite("GCRA")
struct GCRATests {
    let gcra = GCRA(limit: 10, period: .seconds(60))

    @Test("a burst of the whole allowance is admitted, then one unit per period / limit")
    func burstThenSteady() {
        var tat: Double?
        for index in 0..<10 {
            let outcome = gcra.evaluate(cost: 1, tat: tat, now: 0)
            #expect(outcome.admitted)
            #expect(outcome.remaining == Int64(9 - index))
            tat = outcome.tat
        }
        let refused = gcra.evaluate(cost: 1, tat: tat, now: 0)
        #expect(!refused.admitted)
        #expect(abs(refused.retryAfter - 6) < 1e-9)
        #expect(!gcra.evaluate(cost: 1, tat: tat, now: 5.9).admitted)
        #expect(gcra.evaluate(cost: 1, tat: tat, now: 6).admitted)
    }

    @Test("a refused request leaves the state unchanged; a cost larger than the limit never fits")
    func refusalsDoNotCharge() {
        let full = gcra.evaluate(cost: 10, tat: nil, now: 100)
        let refused = gcra.evaluate(cost: 3, tat: full.tat, now: 100)
        #expect(!refused.admitted && refused.tat == full.tat)
        #expect(!gcra.canEverFit(11) && gcra.canEverFit(10))
    }

    @Test("refunds never bank time before now; debt pushes the next admission out")
    func settlement() {
        let admitted = gcra.evaluate(cost: 5, tat: nil, now: 0)
        #expect(gcra.settle(tat: admitted.tat, delta: -100, now: 0) == 0)
        let indebted = gcra.settle(tat: admitted.tat, delta: 10, now: 0)
        #expect(abs(indebted - 90) < 1e-9)
        #expect(!gcra.evaluate(cost: 1, tat: indebted, now: 30).admitted)
        #expect(gcra.evaluate(cost: 1, tat: indebted, now: 84).admitted)
    }
}

@Suite("Calendar periods")
struct CalendarPeriodTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(
        "windows are UTC hours, days, ISO weeks from Monday and months",
        arguments: [
            (CalendarPeriod.hour, "2026-12-07T01:30:00Z", "2026-12-07T01:00:00Z", "2026-12-07T02:00:00Z"),
            (.day, "2026-12-07T23:59:59Z", "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z"),
            (.week, "2026-12-06T12:00:00Z", "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z"),
            (.week, "2026-12-07T00:00:00Z", "2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z"),
            (.month, "2028-02-29T10:00:00Z", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"),
            (.month, "2026-12-31T23:00:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ])
    func windows(period: CalendarPeriod, at: String, start: String, end: String) {
        #expect(period.window(containing: Self.date(at)) == Self.date(start)..<Self.date(end))
    }

    @Test("the remembered window is used only for dates inside it: boundaries, jumps back and forth, every period")
    func rememberedWindows() {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components: [CalendarPeriod: Calendar.Component] = [.hour: .hour, .day: .day, .week: .weekOfYear, .month: .month]
        let base = Self.date("2026-12-31T23:59:59Z").timeIntervalSince1970
        // Seconds around the year's last boundary, then jumps of hours and months both ways.
        let offsets: [Double] = [0, 0.5, 1, 1.5, -1, 3_600, -3_600, 86_400 * 40, -86_400 * 40, 0.999, 1, 604_800, -0.001]
        for offset in offsets {
            let date = Date(timeIntervalSince1970: base + offset)
            for period in CalendarPeriod.allCases {
                let expected = calendar.dateInterval(of: components[period]!, for: date)!
                #expect(period.window(containing: date) == expected.start..<expected.end, "\(period) \(date)")
            }
        }
    }
}

@Suite("Memory limit store")
struct MemoryLimitStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let perMinute = LimitRule(name: "rpm", scope: .key, kind: .rate(.requests, limit: 3, per: .seconds(60)))
    let tokensPerMinute = LimitRule(name: "tpm", scope: .key, kind: .rate(.tokens, limit: 1_000, per: .seconds(60)))
    let daily = LimitRule(name: "daily", scope: .identity, kind: .quota(.tokens, limit: 1_500, period: .day))

    func charges(tokens: Int64, key: String = "bwk_a") -> [LimitCharge] {
        [
            LimitCharge(rule: perMinute, subject: key, amount: 1),
            LimitCharge(rule: tokensPerMinute, subject: key, amount: tokens),
            LimitCharge(rule: daily, subject: key, amount: tokens),
        ]
    }

    @Test("every rule is charged, or none: a refusal by one leaves the others as they were")
    func allOrNothing() {
        let store = MemoryLimitStore()
        let first = store.admit(charges(tokens: 900), now: Self.start)
        #expect(first.isAdmitted)
        let second = store.admit(charges(tokens: 200), now: Self.start)
        #expect(second.refusal?.rule.name == "tpm")
        #expect(second.refusal?.reason == .rateExceeded)
        // The request rule was not charged by the refused request: two more requests still fit.
        #expect(second.statuses.first { $0.rule.name == "rpm" }?.remaining == 2)
        #expect(store.admit(charges(tokens: 50), now: Self.start).isAdmitted)
        #expect(store.admit(charges(tokens: 50), now: Self.start).isAdmitted)
        #expect(store.admit(charges(tokens: 1), now: Self.start).refusal?.rule.name == "rpm")
    }

    @Test("exactly the limit is admitted from many concurrent tasks")
    func exactUnderConcurrency() async {
        let store = MemoryLimitStore()
        let rule = LimitRule(name: "hourly", scope: .key, kind: .rate(.requests, limit: 50, per: .seconds(3_600)))
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<300 {
                group.addTask { store.admit([LimitCharge(rule: rule, subject: "k", amount: 1)], now: Self.start).isAdmitted }
            }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(admitted == 50)
    }

    @Test("settlement refunds unused tokens and charges debt, once; requests are never refunded")
    func settlement() {
        let store = MemoryLimitStore()
        let reserved = store.admit(charges(tokens: 800), now: Self.start)
        let reservation = try! #require(reserved.reservation)
        store.settle(reservation, actual: [.tokens: 100], now: Self.start)
        store.settle(reservation, actual: [.tokens: 0], now: Self.start)  // a replay does nothing
        let after = store.admit(charges(tokens: 850), now: Self.start)
        #expect(after.isAdmitted, "the refund of 700 tokens made room: \(String(describing: after.refusal))")
        #expect(after.statuses.first { $0.rule.name == "rpm" }?.remaining == 1, "both requests still count")
        let debt = try! #require(after.reservation)
        store.settle(debt, actual: [.tokens: 1_400], now: Self.start)
        let refused = store.admit(charges(tokens: 1), now: Self.start)
        #expect(refused.refusal?.rule.name == "tpm" || refused.refusal?.rule.name == "daily")
        #expect(store.openReservations == 0)
    }

    @Test("quotas refuse until their window ends, say so, and start again in the next window")
    func quotas() {
        let store = MemoryLimitStore()
        let quota = LimitRule(name: "monthly", scope: .identity, kind: .quota(.requests, limit: 2, period: .month))
        let charge = [LimitCharge(rule: quota, subject: "oid-1", amount: 1)]
        let now = CalendarPeriodTests.date("2026-12-31T23:00:00Z")
        #expect(store.admit(charge, now: now).isAdmitted)
        #expect(store.admit(charge, now: now).isAdmitted)
        let refused = store.admit(charge, now: now)
        #expect(refused.refusal?.reason == .quotaExhausted)
        #expect(refused.refusal?.retryAfter == 3_600)
        #expect(store.admit(charge, now: CalendarPeriodTests.date("2027-01-01T00:00:00Z")).isAdmitted)
    }

    @Test("a request larger than a rule allows in any window is refused as never fitting")
    func neverFits() {
        let store = MemoryLimitStore()
        let decision = store.admit(charges(tokens: 1_200), now: Self.start)
        #expect(decision.refusal?.reason == .neverFits)
        #expect(decision.refusal?.retryAfter == nil)
    }

    @Test("concurrency slots are taken on admission and given back on settlement")
    func concurrency() throws {
        let store = MemoryLimitStore()
        let rule = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 2))
        let charge = [LimitCharge(rule: rule, subject: "k", amount: 1)]
        let first = try #require(store.admit(charge, now: Self.start).reservation)
        #expect(store.admit(charge, now: Self.start).isAdmitted)
        #expect(store.admit(charge, now: Self.start).refusal?.reason == .tooManyInFlight)
        store.settle(first, actual: [:], now: Self.start)
        #expect(store.admit(charge, now: Self.start).isAdmitted)
    }

    @Test("shadow rules count and report but never refuse")
    func shadow() {
        let store = MemoryLimitStore()
        let rule = LimitRule(name: "trial", scope: .global, kind: .rate(.requests, limit: 1, per: .seconds(60)), mode: .shadow)
        let charge = [LimitCharge(rule: rule, subject: "", amount: 1)]
        #expect(store.admit(charge, now: Self.start).shadowRefusals.isEmpty)
        let second = store.admit(charge, now: Self.start)
        #expect(second.isAdmitted)
        #expect(second.shadowRefusals.map(\.rule.name) == ["trial"])
    }

    @Test("a rate of a hundred million per second still counts single units")
    func precision() {
        let store = MemoryLimitStore()
        let rule = LimitRule(name: "fast", scope: .global, kind: .rate(.requests, limit: 100_000_000, per: .seconds(1)))
        let decision = store.admit([LimitCharge(rule: rule, subject: "", amount: 1)], now: Date())
        #expect(decision.statuses.first?.remaining == 99_999_999)
    }

    @Test("past a threshold, counters that hold nothing any more are dropped, and a full store is not rescanned each time")
    func pruning() {
        let store = MemoryLimitStore(epoch: Self.start, pruneThreshold: 10)
        let rule = LimitRule(name: "r", scope: .key, kind: .rate(.requests, limit: 1, per: .seconds(60)))
        func admit(_ subject: String, at date: Date) -> Bool {
            store.admit([LimitCharge(rule: rule, subject: subject, amount: 1)], now: date).isAdmitted
        }
        // Twenty live counters: the prune at eleven finds nothing to drop and waits until twice that.
        for index in 0..<20 { #expect(admit("k\(index)", at: Self.start)) }
        #expect(store.counterCount == 20)
        let later = Self.start.addingTimeInterval(120)
        for index in 20..<24 { #expect(admit("k\(index)", at: later)) }
        #expect(store.counterCount == 4, "the twenty idle counters went when the store passed twenty-two")
        #expect(admit("k0", at: later), "a dropped counter admits as a fresh one")
        #expect(!admit("k0", at: later))
    }

    @Test("a shadow concurrency rule that would refuse takes no slot, so settling frees none")
    func shadowConcurrency() throws {
        let store = MemoryLimitStore()
        let shadow = LimitRule(name: "s", scope: .key, kind: .concurrent(limit: 1), mode: .shadow)
        let charge = [LimitCharge(rule: shadow, subject: "k", amount: 1)]
        let first = try #require(store.admit(charge, now: Self.start).reservation)
        let second = try #require(store.admit(charge, now: Self.start).reservation)
        #expect(second.charges.isEmpty, "the second would have been refused: it holds nothing")
        store.settle(second, actual: [:], now: Self.start)
        #expect(store.admit(charge, now: Self.start).shadowRefusals.count == 1, "the first still holds the one slot")
        store.settle(first, actual: [:], now: Self.start)
        #expect(store.admit(charge, now: Self.start).shadowRefusals.isEmpty)
    }

    @Test("a written '*' applies a rule to every deployment, as grants read it; huge limits do not overflow")
    func wildcardAndHugeLimits() {
        let rule = LimitRule(name: "w", scope: .global, kind: .concurrent(limit: 1), deployments: ["*"])
        #expect(rule.applies(toDeployment: "gpt-4o"))
        let gcra = GCRA(limit: .max, period: .seconds(1))
        #expect(gcra.evaluate(cost: 1, tat: nil, now: 0).admitted)
    }

    @Test("counters are per subject and rules filter by deployment")
    func subjects() {
        let store = MemoryLimitStore()
        #expect(store.admit(charges(tokens: 1_000, key: "bwk_a"), now: Self.start).isAdmitted)
        #expect(store.admit(charges(tokens: 1_000, key: "bwk_b"), now: Self.start).isAdmitted)
        let filtered = LimitRule(name: "d", scope: .deployment, kind: .concurrent(limit: 1), deployments: ["GPT-4o"])
        #expect(filtered.applies(toDeployment: "gpt-4o"))
        #expect(!filtered.applies(toDeployment: "gpt-4o-mini"))
    }
}

@Suite("Limit stores")
struct LimitStoreTests {
    @Test("the memory store is a LimitStore; its reservation ids are unique strings, fit to share between replicas")
    func memoryIsALimitStore() async throws {
        let store: any LimitStore = MemoryLimitStore()
        let rule = LimitRule(name: "inflight", scope: .key, kind: .concurrent(limit: 1))
        let charge = [LimitCharge(rule: rule, subject: "k", amount: 1)]
        let first = try #require(try await store.admit(charge, now: Date()).reservation)
        await store.settle(first, actual: [:], now: Date())
        let second = try #require(try await store.admit(charge, now: Date()).reservation)
        #expect(first.id != second.id)
        #expect(UUID(uuidString: first.id) != nil)
    }

    @Test("the rules' canonical description changes with every setting, and a name cannot imitate another rule's fields")
    func canonicalDescription() {
        let base = LimitRule(name: "a", scope: .key, kind: .rate(.requests, limit: 5, per: .seconds(60)), deployments: ["GPT-4o", "b"])
        var variants = [base]
        variants.append(LimitRule(name: "b", scope: base.scope, kind: base.kind, deployments: base.deployments))
        variants.append(LimitRule(name: "a", scope: .identity, kind: base.kind, deployments: base.deployments))
        variants.append(
            LimitRule(name: "a", scope: .key, kind: .rate(.requests, limit: 6, per: .seconds(60)), deployments: base.deployments))
        variants.append(
            LimitRule(name: "a", scope: .key, kind: .rate(.requests, limit: 5, per: .seconds(61)), deployments: base.deployments))
        variants.append(LimitRule(name: "a", scope: .key, kind: .quota(.requests, limit: 5, period: .day), deployments: base.deployments))
        variants.append(LimitRule(name: "a", scope: .key, kind: base.kind, mode: .shadow, deployments: base.deployments))
        variants.append(LimitRule(name: "a", scope: .key, kind: base.kind, deployments: ["gpt-4o"]))
        variants.append(LimitRule(name: "a", scope: .key, kind: base.kind, deployments: base.deployments, onStoreError: .local))
        #expect(Set(variants.map(\.canonicalDescription)).count == variants.count)
        let reordered = LimitRule(name: "a", scope: .key, kind: base.kind, deployments: ["b", "gpt-4o"])
        #expect(reordered.canonicalDescription == base.canonicalDescription, "deployments are a set, case-insensitive")
        let sneaky = LimitRule(name: "a scope=key", scope: .global, kind: .concurrent(limit: 1))
        #expect(sneaky.canonicalDescription.hasPrefix("11:a scope=key scope=global "), "the name is length-prefixed")
        #expect(LimitRule.canonicalDescription(of: [base, sneaky]) != LimitRule.canonicalDescription(of: [sneaky, base]))
    }
}
