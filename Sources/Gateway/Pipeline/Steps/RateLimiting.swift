import Foundation
import RateLimits

/// Step 7: the limit rules that match the request (by scope and deployment) are checked and charged at once,
/// all or none. A refusal is a 429 `rate_limit_exceeded` (rates, requests in flight) or `insufficient_quota`
/// (calendar quotas) with `Retry-After`, naming the rule and when it resets; shadow rules are counted and reported
/// but never refuse. A key's own limits (`keys create --limit`) are checked with the configured rules. What was
/// charged is settled when the exchange is recorded. When a shared store cannot answer and a matching rule says
/// `onStoreError: closed` (or the store enforces other rules), the request is a 503 `limits_unavailable`.
struct RateLimiting: InferenceStep {
    let rules: [LimitRule]
    /// `limits.onStoreError`, for a key's own limits.
    let keyLimitsOnStoreError: LimitRule.StoreErrorPolicy
    let store: any LimitStore
    let metrics: GatewayMetrics

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let identity = exchange.authenticated()
        guard identity.unreadableLimits.isEmpty else {
            // Deny by default: a limit that cannot be read is not "no limit".
            throw GatewayError(
                .serviceUnavailable, code: .keyLimitsUnreadable,
                "The limits stored with \(identity.label) cannot be read; recreate them with bulwark keys update.")
        }
        let keyLimits = identity.keyLimits.map { rule in
            var rule = rule
            rule.onStoreError = keyLimitsOnStoreError
            return rule
        }
        let charges = Self.charges(for: rules + keyLimits, exchange: exchange)
        guard !charges.isEmpty else { return }
        let now = Date()
        let decision: LimitDecision
        do throws(LimitStoreError) {
            decision = try await store.admit(charges, now: now)
        } catch {
            // The audit record names the rule that needed the store.
            let rule = charges.first { $0.rule.mode == .enforce && $0.rule.onStoreError == .closed } ?? charges[0]
            metrics.recordLimit(rule.rule.name, decision: "unavailable")
            exchange.record.limitRule = rule.rule.name
            var refusal = GatewayError(
                .serviceUnavailable, code: .limitsUnavailable,
                "The limits for this request cannot be checked right now (rule '\(rule.rule.name)'); try again shortly.")
            refusal.headers[LimitHeaders.retryAfter] = "1"
            throw refusal
        }
        for rule in decision.fallback?.unchecked ?? [] where rule.mode == .enforce { metrics.recordLimit(rule.name, decision: "unchecked") }
        for refusal in decision.shadowRefusals { metrics.recordLimit(refusal.rule.name, decision: "shadow_refused") }
        exchange.limitStatuses = decision.statuses
        guard let refusal = decision.refusal else {
            for charge in charges where charge.rule.mode == .enforce { metrics.recordLimit(charge.rule.name, decision: "admitted") }
            exchange.record.limitReservation = decision.reservation
            return
        }
        metrics.recordLimit(refusal.rule.name, decision: "refused")
        exchange.record.limitRule = refusal.rule.name
        throw LimitHeaders.error(for: refusal, statuses: decision.statuses, now: now)
    }

    /// One charge per matching rule: its counter is the scope's subject for this request.
    static func charges(for rules: [LimitRule], exchange: InferenceExchange) -> [LimitCharge] {
        let identity = exchange.authenticated(), route = exchange.resolvedRoute(), grant = exchange.authorisedGrant()
        return rules.compactMap { rule -> LimitCharge? in
            guard rule.applies(toDeployment: route.deployment) else { return nil }
            let subject: String
            switch rule.scope {
            case .key:
                // Entra ID callers have no key: key rules are not theirs.
                guard identity.principal == nil else { return nil }
                subject = identity.label
            case .identity: subject = identity.label
            case .policy: subject = grant.name
            case .deployment: subject = route.deployment.lowercased()
            case .global: subject = ""
            }
            return LimitCharge(rule: rule, subject: subject, amount: 1)
        }
    }
}
