import AccessPolicy
import BPE
import Foundation
import GatewayConfig
import RateLimits
import TokenAccounting

/// Step 7: the limit rules that match the request (by scope and deployment) are checked and charged at once,
/// all or none. A refusal is a 429 `rate_limit_exceeded` (rates, requests in flight) or `insufficient_quota`
/// (calendar quotas) with `Retry-After`, naming the rule and when it resets; shadow rules are counted and reported
/// but never refuse. A key's own limits (`keys create --limit`) are checked with the configured rules, and follow
/// `limits.onStoreError`.
///
/// Token and spend rules reserve an estimate: the prompt counted with the deployment's encoding plus the request's
/// completion cap (see `RequestTokenCounter`), priced for spend. What was charged is settled with the upstream's
/// reported usage when the exchange is recorded. When a shared store cannot answer and a matching rule says
/// `onStoreError: closed` (or the store enforces other rules), the request is a 503 `limits_unavailable`.
struct RateLimiting: InferenceStep {
    let settings: GatewayConfiguration.Limits
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
            rule.onStoreError = settings.onStoreError
            return rule
        }
        let matching = Self.matching(settings.rules + keyLimits, exchange: exchange)
        guard !matching.isEmpty else { return }
        let charges = try amounts(for: matching, exchange: &exchange)
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
        for (charge, status) in zip(charges, decision.statuses) {
            if case .concurrent = charge.rule.kind { continue }
            metrics.limitRemaining.record(
                rule: charge.rule.name, subject: charge.subject.isEmpty ? "*" : charge.subject, remaining: status.remaining)
        }
        guard let refusal = decision.refusal else {
            for charge in charges where charge.rule.mode == .enforce { metrics.recordLimit(charge.rule.name, decision: "admitted") }
            exchange.record.limitReservation = decision.reservation
            return
        }
        metrics.recordLimit(refusal.rule.name, decision: "refused")
        exchange.record.limitRule = refusal.rule.name
        throw LimitHeaders.error(for: refusal, statuses: decision.statuses, now: now)
    }

    /// The matching rules with what the request charges each: 1 request, the token estimate, or its price.
    private func amounts(for matching: [LimitCharge], exchange: inout InferenceExchange) throws(GatewayError) -> [LimitCharge] {
        let measures = Set(matching.map(\.rule.measure))
        guard measures.contains(.tokens) || measures.contains(.microUSD) else { return matching }
        let deployment = exchange.resolvedRoute().deployment
        let encoding: BPEEncoding
        do { encoding = try BPEEncoding.named(settings.encoding(of: deployment)) } catch {
            throw GatewayError(
                .serviceUnavailable, code: .tokenizerUnavailable, "Token limits apply, and the gateway cannot count tokens: \(error.code).")
        }
        let counter = RequestTokenCounter(encoding: encoding, defaultCompletionTokens: settings.defaultCompletionTokens)
        let estimate = counter.estimate(Data(buffer: exchange.body), kind: Self.kind(of: exchange.operation))
        var price: TokenPrice?
        if measures.contains(.microUSD) {
            guard let configured = settings.price(of: deployment) else {
                let rule = matching.first { $0.rule.measure == .microUSD }?.rule.name ?? ""
                throw GatewayError(
                    .forbidden, code: .priceNotConfigured,
                    "Spend limit '\(rule)' applies, and deployment \(deployment) has no price to count spend with (limits.prices).")
            }
            price = configured
        }
        exchange.record.tokenEstimate = estimate
        exchange.record.price = price
        exchange.deltaEncoding = encoding
        return matching.map { charge in
            var charge = charge
            switch charge.rule.measure {
            case .requests: charge.amount = 1
            case .tokens: charge.amount = estimate.total
            case .microUSD: charge.amount = price.map(estimate.microUSD(at:)) ?? 0
            }
            return charge
        }
    }

    static func kind(of operation: GatewayOperation) -> RequestTokenCounter.RequestKind {
        switch operation {
        case .chat: .chat
        case .completions: .completions
        case .embeddings: .embeddings
        case .responses: .responses
        // A realtime session has no body at its upgrade: it reserves the default completion cap until its turns settle.
        case .realtime: .responses
        // Nothing generated is counted in tokens: the body is counted as prompt (images and audio report their own usage).
        case .images, .audio, .files, .batches: .embeddings
        }
    }

    /// One charge per matching rule (of one request): its counter is the scope's subject for this request.
    static func matching(_ rules: [LimitRule], exchange: InferenceExchange) -> [LimitCharge] {
        let identity = exchange.authenticated(), route = exchange.resolvedRoute(), grant = exchange.authorisedGrant()
        return rules.compactMap { rule -> LimitCharge? in
            guard rule.applies(toDeployment: route.deployment) else { return nil }
            let subject: String
            switch rule.scope {
            case .key:
                // Entra ID callers have no key: key rules are not theirs.
                guard identity.principal == nil else { return nil }
                subject = identity.owner
            // Counted by lineage: a rotated key continues its predecessor's windows, quotas and budgets.
            case .identity: subject = identity.owner
            case .policy: subject = grant.name
            case .deployment: subject = route.deployment.lowercased()
            case .global: subject = ""
            }
            return LimitCharge(rule: rule, subject: subject, amount: 1)
        }
    }
}
