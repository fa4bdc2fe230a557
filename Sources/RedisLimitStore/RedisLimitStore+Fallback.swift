import Foundation
import RateLimits

extension RedisLimitStore {
    /// Reservation ids of requests decided in this replica's memory start with this, so they settle there.
    static let localPrefix = "local:"

    /// Decides without Redis, as each matching rule's `onStoreError` says: any enforced `closed` rule refuses the
    /// whole request (a replica never answers it from its own memory); `local` rules are checked against
    /// `limit ÷ replicas` in this replica's memory; `open` rules (and shadow rules that are not `local`) are let
    /// through unchecked.
    /// - Throws: `error` when an enforced matching rule is `closed`.
    func fallback(_ charges: [LimitCharge], error: LimitStoreError, now: Date) throws(LimitStoreError) -> LimitDecision {
        if let closed = charges.first(where: { $0.rule.mode == .enforce && $0.rule.onStoreError == .closed }) {
            warn(
                "closed",
                "the shared limit store cannot answer; refusing requests that rule '\(closed.rule.name)' (onStoreError: closed) limits",
                error)
            throw error
        }
        let replicas = max(configuration.replicas, state.withLock { $0.replicasSeen })
        var unchecked: [LimitRule] = []
        var localRules: [LimitRule] = []
        var localCharges: [LimitCharge] = []
        var refusal: LimitRefusal?
        var shadowRefusals: [LimitRefusal] = []
        for charge in charges {
            guard charge.rule.onStoreError == .local else {
                unchecked.append(charge.rule)
                continue
            }
            localRules.append(charge.rule)
            guard let share = Self.share(of: charge.rule, replicas: replicas) else {
                // Fewer units than replicas: this replica's share is nothing.
                let denied = LimitRefusal(reason: Self.reason(for: charge.rule), rule: charge.rule, retryAfter: 1)
                if charge.rule.mode == .shadow {
                    shadowRefusals.append(denied)
                } else if refusal == nil {
                    refusal = denied
                }
                continue
            }
            var scaled = charge
            scaled.rule = share
            localCharges.append(scaled)
        }
        if !unchecked.isEmpty {
            warn(
                "open",
                "the shared limit store cannot answer; admitting without checking \(unchecked.map(\.name).joined(separator: ", ")) (onStoreError: open)",
                error)
        }
        if !localRules.isEmpty {
            warn(
                "local",
                "the shared limit store cannot answer; enforcing \(localRules.map(\.name).joined(separator: ", ")) in this replica's memory at 1/\(replicas) of their limits (onStoreError: local)",
                error)
        }
        let fallback = LimitFallback(error: error, unchecked: unchecked, local: localRules)
        if let refusal {
            let statuses = localCharges.map { LimitStatus(rule: $0.rule, limit: $0.rule.limit, remaining: 0, resetAfter: 0) }
            return LimitDecision(refusal: refusal, reservation: nil, statuses: statuses, shadowRefusals: shadowRefusals, fallback: fallback)
        }
        var decision = local.admit(localCharges, now: now)
        decision.shadowRefusals = shadowRefusals + decision.shadowRefusals
        decision.fallback = fallback
        if let reservation = decision.reservation {
            decision.reservation = LimitReservation(id: Self.localPrefix + reservation.id, charges: reservation.charges)
        }
        return decision
    }

    /// The rule with `limit ÷ replicas` (rounded down, so the replicas together stay within the limit); nil when
    /// that is nothing.
    static func share(of rule: LimitRule, replicas: Int) -> LimitRule? {
        let limit = rule.limit / Int64(replicas)
        guard limit > 0 else { return nil }
        var share = rule
        switch rule.kind {
        case .rate(let measure, _, let per): share.kind = .rate(measure, limit: limit, per: per)
        case .quota(let measure, _, let period): share.kind = .quota(measure, limit: limit, period: period)
        case .concurrent: share.kind = .concurrent(limit: limit)
        }
        return share
    }

    private static func reason(for rule: LimitRule) -> LimitRefusal.Reason {
        switch rule.kind {
        case .rate: .rateExceeded
        case .quota: .quotaExhausted
        case .concurrent: .tooManyInFlight
        }
    }
}
