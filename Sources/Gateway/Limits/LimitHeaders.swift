import Foundation
import HTTPTypes
import Hummingbird
import RateLimits

/// What clients see of the limits, in the shape Azure OpenAI and OpenAI use: `x-ratelimit-*` for the tightest
/// request rule and the tightest token rule on every answer, and on a refusal `Retry-After` (seconds), `retry-after-ms`, and for a spent
/// quota `x-should-retry: false`, so the SDKs do not retry until the window ends.
enum LimitHeaders {
    static let limitRequests = HTTPField.Name("x-ratelimit-limit-requests")!
    static let remainingRequests = HTTPField.Name("x-ratelimit-remaining-requests")!
    static let resetRequests = HTTPField.Name("x-ratelimit-reset-requests")!
    static let retryAfter = HTTPField.Name("retry-after")!
    static let retryAfterMilliseconds = HTTPField.Name("retry-after-ms")!
    static let shouldRetry = HTTPField.Name("x-should-retry")!

    static let limitTokens = HTTPField.Name("x-ratelimit-limit-tokens")!
    static let remainingTokens = HTTPField.Name("x-ratelimit-remaining-tokens")!
    static let resetTokens = HTTPField.Name("x-ratelimit-reset-tokens")!

    /// Sets the `x-ratelimit-*-requests` and `x-ratelimit-*-tokens` headers, each from the tightest enforced rule of
    /// its measure, replacing the upstream's own.
    static func apply(_ statuses: [LimitStatus], to headers: inout HTTPFields) {
        set(statuses, measure: .requests, limit: limitRequests, remaining: remainingRequests, reset: resetRequests, on: &headers)
        set(statuses, measure: .tokens, limit: limitTokens, remaining: remainingTokens, reset: resetTokens, on: &headers)
    }

    private static func set(
        _ statuses: [LimitStatus], measure: LimitRule.Measure, limit: HTTPField.Name, remaining: HTTPField.Name,
        reset: HTTPField.Name, on headers: inout HTTPFields
    ) {
        let enforced = statuses.filter { status in
            guard status.rule.mode == .enforce, status.rule.measure == measure else { return false }
            if case .concurrent = status.rule.kind { return false }  // in flight, not a budget of requests
            return true
        }
        guard let tightest = enforced.min(by: { $0.remaining < $1.remaining }) else { return }
        headers[limit] = String(tightest.limit)
        headers[remaining] = String(tightest.remaining)
        headers[reset] = duration(tightest.resetAfter)
    }

    /// The refusal in Azure's error shape, with its headers.
    static func error(for refusal: LimitRefusal, statuses: [LimitStatus], now: Date) -> GatewayError {
        let rule = refusal.rule
        var error: GatewayError
        switch refusal.reason {
        case .rateExceeded, .tooManyInFlight:
            let wait = refusal.retryAfter ?? 1
            let what =
                refusal.reason == .tooManyInFlight
                ? "Limit '\(rule.name)' allows \(rule.limit) requests in flight \(scopeText(rule.scope)), and that many are"
                : "Rate limit '\(rule.name)' (\(allowance(rule)) \(scopeText(rule.scope))) is exceeded"
            let after = seconds(wait)
            error = GatewayError(
                .tooManyRequests, code: .rateLimitExceeded, "\(what); retry after \(after) second\(after == 1 ? "" : "s").")
            setRetry(after: wait, on: &error.headers)
        case .quotaExhausted:
            let wait = refusal.retryAfter ?? 1
            let resets = now.addingTimeInterval(wait).formatted(.iso8601)
            error = GatewayError(
                .tooManyRequests, code: .insufficientQuota,
                "Quota '\(rule.name)' (\(allowance(rule)) \(scopeText(rule.scope))) is used up until \(resets).")
            setRetry(after: wait, on: &error.headers)
            error.headers[shouldRetry] = "false"
        case .neverFits:
            error = GatewayError(
                .badRequest, code: .requestTooLarge,
                "The request is larger than limit '\(rule.name)' (\(allowance(rule))) allows at any time.")
            error.headers[shouldRetry] = "false"
        }
        apply(statuses, to: &error.headers)
        return error
    }

    private static func setRetry(after wait: Double, on headers: inout HTTPFields) {
        headers[retryAfter] = String(seconds(wait))
        headers[retryAfterMilliseconds] = String(Int((wait * 1000).rounded(.up)))
    }

    /// Whole seconds, at least 1, rounded up so a client that waits that long fits.
    private static func seconds(_ wait: Double) -> Int { max(1, Int(wait.rounded(.up))) }

    /// `6m0s`, `1s`, `250ms`: how OpenAI writes `x-ratelimit-reset-*`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded(.up)))ms" }
        let whole = Int(seconds.rounded(.up))
        let hours = whole / 3600, minutes = whole % 3600 / 60, rest = whole % 60
        if hours > 0 { return "\(hours)h\(minutes)m\(rest)s" }
        return minutes > 0 ? "\(minutes)m\(rest)s" : "\(rest)s"
    }

    private static func allowance(_ rule: LimitRule) -> String {
        switch rule.kind {
        case .rate(let measure, let limit, let per): "\(amount(limit, measure)) per \(per.components.seconds)s"
        case .quota(let measure, let limit, let period): "\(amount(limit, measure)) per \(period.rawValue)"
        case .concurrent(let limit): "\(limit) in flight"
        }
    }

    /// `600 requests`, `450000 tokens`, `$200.00`.
    private static func amount(_ limit: Int64, _ measure: LimitRule.Measure) -> String {
        guard measure == .microUSD else { return "\(limit) \(measure.rawValue)" }
        let cents = (limit + 9_999) / 10_000
        return "$\(cents / 100).\(String(format: "%02lld", cents % 100))"
    }

    private static func scopeText(_ scope: LimitRule.Scope) -> String {
        switch scope {
        case .key: "for this key"
        case .identity: "for this caller"
        case .policy: "for this policy"
        case .deployment: "for this deployment"
        case .global: "for the gateway"
        }
    }
}
