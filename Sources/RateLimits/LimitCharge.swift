/// What one request asks of one rule: the rule, whose counter (`subject`: a key prefix, an identity, a policy or
/// deployment name, or "" for global), and how much (1 request, a token estimate, a spend estimate).
public struct LimitCharge: Sendable, Hashable {
    public var rule: LimitRule
    public var subject: String
    public var amount: Int64

    public init(rule: LimitRule, subject: String, amount: Int64) {
        self.rule = rule
        self.subject = subject
        self.amount = amount
    }

    /// The counter's name: rule and subject.
    public var counter: String { "\(rule.name)\u{1F}\(subject)" }
}

/// Where one rule stands after a decision, for the `x-ratelimit-*` headers and the refusal message.
public struct LimitStatus: Sendable, Hashable {
    public var rule: LimitRule
    public var limit: Int64
    public var remaining: Int64
    /// Seconds until the rule's allowance is whole again (a quota: until its window ends).
    public var resetAfter: Double

    public init(rule: LimitRule, limit: Int64, remaining: Int64, resetAfter: Double) {
        self.rule = rule
        self.limit = limit
        self.remaining = remaining
        self.resetAfter = resetAfter
    }
}

/// Why a request was refused.
public struct LimitRefusal: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// A rate is exhausted for now: `rate_limit_exceeded`, retry after `retryAfter`.
        case rateExceeded = "rate_limit_exceeded"
        /// A quota or budget is spent for this calendar window: `insufficient_quota`, not worth retrying soon.
        case quotaExhausted = "insufficient_quota"
        /// Too many requests in flight: `rate_limit_exceeded`, retry shortly.
        case tooManyInFlight = "too_many_requests_in_flight"
        /// The request alone is larger than the rule allows in any window: `request_too_large`, never retryable.
        case neverFits = "request_too_large"
    }

    public var reason: Reason
    public var rule: LimitRule
    /// Seconds until a request of the same size would fit (the window's end for quotas); nil when it never will.
    public var retryAfter: Double?

    public init(reason: Reason, rule: LimitRule, retryAfter: Double?) {
        self.reason = reason
        self.rule = rule
        self.retryAfter = retryAfter
    }
}

/// What was charged for an admitted request: settled once with what the upstream reported, and released when a
/// concurrency limit holds it.
public struct LimitReservation: Sendable, Hashable {
    /// Unique per admitted request (a UUID), so a shared store can keep it and replicas can replay a settlement:
    /// settling an unknown or already settled id does nothing.
    public var id: String
    public var charges: [LimitCharge]

    public init(id: String, charges: [LimitCharge]) {
        self.id = id
        self.charges = charges
    }
}

/// The answer to one request: admitted with a reservation, or refused by the first enforced rule that did not fit.
public struct LimitDecision: Sendable, Hashable {
    /// Nil when every enforced rule admitted the request.
    public var refusal: LimitRefusal?
    /// Present when admitted.
    public var reservation: LimitReservation?
    /// Every rule that matched, as it stands after the decision (unchanged when refused).
    public var statuses: [LimitStatus]
    /// Shadow rules that would have refused: counted and reported, never enforced.
    public var shadowRefusals: [LimitRefusal]
    /// Set when a shared store could not answer and the rules' `onStoreError` let the request be decided without
    /// it: which rules went unchecked (`open`) and which were checked in this replica's memory (`local`).
    public var fallback: LimitFallback?

    public init(
        refusal: LimitRefusal?, reservation: LimitReservation?, statuses: [LimitStatus], shadowRefusals: [LimitRefusal],
        fallback: LimitFallback? = nil
    ) {
        self.refusal = refusal
        self.reservation = reservation
        self.statuses = statuses
        self.shadowRefusals = shadowRefusals
        self.fallback = fallback
    }

    public var isAdmitted: Bool { refusal == nil }
}

/// How a decision was made while the shared store could not answer.
public struct LimitFallback: Sendable, Hashable {
    /// Why the store could not answer.
    public var error: LimitStoreError
    /// Rules admitted without a check (`onStoreError: open`).
    public var unchecked: [LimitRule]
    /// Rules checked in this replica's memory against their share of the limit (`onStoreError: local`).
    public var local: [LimitRule]

    public init(error: LimitStoreError, unchecked: [LimitRule], local: [LimitRule]) {
        self.error = error
        self.unchecked = unchecked
        self.local = local
    }
}
