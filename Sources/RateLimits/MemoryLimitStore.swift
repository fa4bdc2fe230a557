public import Foundation
import Synchronization

/// Limit counters held in this process: the default store for one gateway replica.
///
/// Every rule that matches a request is checked and charged in one step under one lock: all of them or none, so
/// a refusal by one rule never leaves another rule charged. Tokens are reserved before forwarding (an estimate)
/// and settled once with what the upstream reported: a refund when smaller, debt when larger. Requests are never
/// refunded. Time is passed in, so tests never wait.
public final class MemoryLimitStore: LimitStore {
    private struct Counters {
        /// GCRA theoretical arrival times, in seconds since `epoch`, by counter.
        var arrivals: [String: Double] = [:]
        /// Calendar quota usage, by counter, with the window it counts.
        var quotas: [String: (window: Range<Date>, used: Int64)] = [:]
        /// Requests in flight, by counter.
        var inFlight: [String: Int64] = [:]
        /// Reservations not yet settled, by id: what they charged, and when.
        var open: [String: (charges: [LimitCharge], admitted: Date)] = [:]
        /// Prune again only once the counters have grown past this.
        var pruneAt = 0
    }

    private let counters = Mutex(Counters())
    /// Times are kept as seconds since the store was made, not since 1970: a Double then resolves nanoseconds, so
    /// a rate of millions per second still advances by one unit.
    private let epoch: Date
    /// Above this many counters, those that no longer hold anything (a TAT in the past, a quota of an ended
    /// window) are dropped, so one-off callers do not grow the store without bound.
    private let pruneThreshold: Int

    public init(epoch: Date = Date(), pruneThreshold: Int = 100_000) {
        self.epoch = epoch
        self.pruneThreshold = pruneThreshold
    }

    /// Checks and charges every charge at `now`, atomically.
    public func admit(_ charges: [LimitCharge], now: Date) -> LimitDecision {
        let seconds = now.timeIntervalSince(epoch)
        return counters.withLock { counters in
            Self.prune(&counters, now: now, seconds: seconds, threshold: pruneThreshold)
            var statuses: [LimitStatus] = []
            var refusal: LimitRefusal?
            var shadowRefusals: [LimitRefusal] = []
            // What this request takes: a shadow rule that would have refused takes nothing, so settling gives
            // nothing back (a concurrency slot it never took must not free another request's).
            var updates: [(charge: LimitCharge, apply: (inout Counters) -> Void)] = []
            for charge in charges {
                let (status, denied, apply) = Self.evaluate(charge, in: counters, now: now, seconds: seconds)
                statuses.append(status)
                if let denied {
                    if charge.rule.mode == .shadow {
                        shadowRefusals.append(denied)
                    } else if refusal == nil {
                        refusal = denied
                    }
                }
                if denied == nil { updates.append((charge, apply)) }
            }
            if let refusal {
                // Nothing is charged: the statuses are where the rules stood before this request.
                let unchanged = charges.map { Self.evaluate(Self.probe($0), in: counters, now: now, seconds: seconds).status }
                return LimitDecision(refusal: refusal, reservation: nil, statuses: unchanged, shadowRefusals: shadowRefusals)
            }
            for update in updates { update.apply(&counters) }
            let charged = updates.map(\.charge)
            let id = UUID().uuidString
            counters.open[id] = (charged, now)
            return LimitDecision(
                refusal: nil, reservation: LimitReservation(id: id, charges: charged), statuses: statuses,
                shadowRefusals: shadowRefusals)
        }
    }

    /// Settles a reservation once: each token or spend charge moves by `actual − reserved` (a refund or debt),
    /// requests stay charged, and concurrency slots are released. Settling again, or an unknown id, does nothing.
    /// - Parameter actual: what the upstream reported, by measure (`tokens`, `usd` in millionths); a measure not
    ///   given settles to zero (an upstream failure uses no tokens).
    public func settle(_ reservation: LimitReservation, actual: [LimitRule.Measure: Int64], now: Date) {
        let seconds = now.timeIntervalSince(epoch)
        counters.withLock { counters in
            guard let (charges, admitted) = counters.open.removeValue(forKey: reservation.id) else { return }
            for charge in charges {
                let rule = charge.rule
                switch rule.kind {
                case .concurrent:
                    let left = (counters.inFlight[charge.counter] ?? charge.amount) - charge.amount
                    counters.inFlight[charge.counter] = left > 0 ? left : nil
                case .rate(let measure, let limit, let per) where measure != .requests:
                    let delta = (actual[measure] ?? 0) - charge.amount
                    guard delta != 0, let tat = counters.arrivals[charge.counter] else { continue }
                    counters.arrivals[charge.counter] = GCRA(limit: limit, period: per).settle(tat: tat, delta: delta, now: seconds)
                case .quota(let measure, _, let period) where measure != .requests:
                    let delta = (actual[measure] ?? 0) - charge.amount
                    // Only while the window the reservation was charged in is still the counted one.
                    guard delta != 0, var quota = counters.quotas[charge.counter], quota.window == period.window(containing: admitted)
                    else { continue }
                    quota.used = max(0, quota.used + delta)
                    counters.quotas[charge.counter] = quota
                case .rate, .quota:
                    continue
                }
            }
        }
    }

    /// Reservations admitted and not yet settled: a request that never settles holds its concurrency slot.
    public var openReservations: Int { counters.withLock { $0.open.count } }

    /// Counters held, of every kind.
    public var counterCount: Int { counters.withLock { $0.arrivals.count + $0.quotas.count + $0.inFlight.count } }

    /// Drops counters equivalent to absent ones once there are more than `threshold`: a TAT at or before now
    /// admits as an empty counter does, and a quota of an ended window counts nothing. Requests in flight stay.
    /// The next prune waits until the counters have doubled from what is left, so a store full of live counters
    /// (a monthly quota per caller) is not scanned on every request.
    private static func prune(_ counters: inout Counters, now: Date, seconds: Double, threshold: Int) {
        let held = counters.arrivals.count + counters.quotas.count
        guard held > max(threshold, counters.pruneAt) else { return }
        counters.arrivals = counters.arrivals.filter { $0.value > seconds }
        counters.quotas = counters.quotas.filter { $0.value.window.contains(now) }
        counters.pruneAt = 2 * (counters.arrivals.count + counters.quotas.count)
    }

    // MARK: - One charge

    /// The charge's status and refusal at `now`, and how to apply it.
    private static func evaluate(_ charge: LimitCharge, in counters: Counters, now: Date, seconds: Double) -> (
        status: LimitStatus, refusal: LimitRefusal?, apply: (inout Counters) -> Void
    ) {
        let rule = charge.rule, key = charge.counter
        switch rule.kind {
        case .rate(_, let limit, let per):
            let gcra = GCRA(limit: limit, period: per)
            let outcome = gcra.evaluate(cost: charge.amount, tat: counters.arrivals[key], now: seconds)
            let status = LimitStatus(rule: rule, limit: limit, remaining: outcome.remaining, resetAfter: outcome.resetAfter)
            if !gcra.canEverFit(charge.amount) {
                return (status, LimitRefusal(reason: .neverFits, rule: rule, retryAfter: nil), { _ in })
            }
            if !outcome.admitted {
                return (status, LimitRefusal(reason: .rateExceeded, rule: rule, retryAfter: outcome.retryAfter), { _ in })
            }
            return (status, nil, { $0.arrivals[key] = outcome.tat })
        case .quota(_, let limit, let period):
            let window = period.window(containing: now)
            let stored = counters.quotas[key]
            let used = stored.map { $0.window == window ? $0.used : 0 } ?? 0
            let after = used + charge.amount
            let resetAfter = window.upperBound.timeIntervalSince(now)
            if charge.amount > limit {
                let status = LimitStatus(rule: rule, limit: limit, remaining: max(0, limit - used), resetAfter: resetAfter)
                return (status, LimitRefusal(reason: .neverFits, rule: rule, retryAfter: nil), { _ in })
            }
            if after > limit {
                let status = LimitStatus(rule: rule, limit: limit, remaining: max(0, limit - used), resetAfter: resetAfter)
                return (status, LimitRefusal(reason: .quotaExhausted, rule: rule, retryAfter: resetAfter), { _ in })
            }
            let status = LimitStatus(rule: rule, limit: limit, remaining: limit - after, resetAfter: resetAfter)
            return (status, nil, { $0.quotas[key] = (window, after) })
        case .concurrent(let limit):
            let inFlight = counters.inFlight[key] ?? 0
            let status = LimitStatus(rule: rule, limit: limit, remaining: max(0, limit - inFlight - charge.amount), resetAfter: 0)
            if inFlight + charge.amount > limit {
                let unchanged = LimitStatus(rule: rule, limit: limit, remaining: 0, resetAfter: 0)
                return (unchanged, LimitRefusal(reason: .tooManyInFlight, rule: rule, retryAfter: 1), { _ in })
            }
            return (status, nil, { $0.inFlight[key] = inFlight + charge.amount })
        }
    }

    /// The same charge with no amount: where its rule stands without this request.
    private static func probe(_ charge: LimitCharge) -> LimitCharge {
        var probe = charge
        probe.amount = 0
        return probe
    }
}
