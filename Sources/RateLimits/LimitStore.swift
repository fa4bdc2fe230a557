public import Foundation

/// Where limit counters live: this replica's memory (``MemoryLimitStore``) or a store the replicas share.
///
/// Every charge of one request is checked and charged in one step, all or none. What was charged is settled once
/// the upstream has answered: tokens and spend move by `actual − reserved`, requests stay counted, concurrency
/// slots are given back.
public protocol LimitStore: Sendable {
    /// Checks and charges every charge at `now`, atomically.
    /// - Parameters:
    ///   - charges: one per matching rule.
    ///   - now: the gateway's clock; a shared store may read its own instead, so replicas agree.
    /// - Returns: admitted with a reservation to settle, or refused by the first enforced rule that did not fit.
    /// - Throws: ``LimitStoreError`` when the store cannot answer and a matching rule says `onStoreError: closed`,
    ///   or when the store refuses to enforce (its rules differ from this replica's).
    func admit(_ charges: [LimitCharge], now: Date) async throws(LimitStoreError) -> LimitDecision

    /// Settles a reservation once; settling again, or an unknown id, does nothing.
    ///
    /// A settlement that only gives back (a refund, a concurrency slot) may return before a shared store confirms
    /// it, but not before it is on its way: it reaches the store ahead of every later ``admit(_:now:)`` made on the
    /// same connection to it, and within moments of the others. Seen late, it can only refuse too much, never admit
    /// too much. A settlement that charges debt returns once the store has it, so no admission anywhere misses it.
    /// - Parameter actual: what the upstream reported, by measure (`tokens`, `usd` in millionths); a measure not
    ///   given settles to zero.
    func settle(_ reservation: LimitReservation, actual: [LimitRule.Measure: Int64], now: Date) async

    /// Called once when the gateway stops, after its last request: writes what is still waiting, if the store can,
    /// and lets go of its connections.
    func shutdown() async
}

extension LimitStore {
    /// Nothing waits in a store that writes at once.
    public func shutdown() async {}
}

/// Why a limit store could not decide. Equal when the codes are equal.
public struct LimitStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case unavailable = "store_unavailable"
        case rulesDiffer = "rules_differ"
        case rebuilding
    }

    private let base: Code
    /// What happened, for the operator's log; never a password or a URL.
    public let detail: String

    private init(_ base: Code, _ detail: String) {
        self.base = base
        self.detail = detail
    }

    /// A short, stable name (`store_unavailable`, `rules_differ`, `rebuilding`), usable as a metric label.
    public var code: String { base.rawValue }

    public var description: String { "LimitStoreError.\(base.rawValue): \(detail)" }

    public static func == (lhs: LimitStoreError, rhs: LimitStoreError) -> Bool { lhs.base == rhs.base }
    public func hash(into hasher: inout Hasher) { hasher.combine(base) }

    /// The store could not be reached or did not answer within its timeout.
    public static let unavailable = LimitStoreError(.unavailable, "")
    /// The store holds counters for other rules (another replica's configuration differs): nothing is enforced.
    public static let rulesDiffer = LimitStoreError(.rulesDiffer, "")
    /// The store came back empty and its calendar quotas are being rebuilt from the usage ledger.
    public static let rebuilding = LimitStoreError(.rebuilding, "")

    /// The store could not answer, and why.
    public static func unavailable(_ detail: String) -> LimitStoreError { LimitStoreError(.unavailable, detail) }
    /// The rules differ from the ones the store is enforcing, and how.
    public static func rulesDiffer(_ detail: String) -> LimitStoreError { LimitStoreError(.rulesDiffer, detail) }
    /// Quotas are being rebuilt, and what is being waited for.
    public static func rebuilding(_ detail: String) -> LimitStoreError { LimitStoreError(.rebuilding, detail) }
}

extension LimitRule {
    /// Every setting of the rule on one line, in a fixed order and form, so replicas can compare their rules by a
    /// hash of it: `name`, scope, kind, measure, limit, period, mode, deployments (lower-cased, sorted) and
    /// `onStoreError`. The name is length-prefixed, so no name can imitate another rule's fields.
    public var canonicalDescription: String {
        let kindText: String
        switch kind {
        case .rate(let measure, let limit, let per):
            kindText = "rate \(measure.rawValue) \(limit) per \(per.components.seconds)s+\(per.components.attoseconds)as"
        case .quota(let measure, let limit, let period): kindText = "quota \(measure.rawValue) \(limit) per \(period.rawValue)"
        case .concurrent(let limit): kindText = "concurrent \(limit)"
        }
        let deploymentsText = deployments.map { $0.lowercased() }.sorted().map { "\($0.utf8.count):\($0)" }.joined(separator: ",")
        return
            "\(name.utf8.count):\(name) scope=\(scope.rawValue) \(kindText) mode=\(mode.rawValue) deployments=[\(deploymentsText)] onStoreError=\(onStoreError.rawValue)"
    }

    /// The canonical description of a list of rules, one per line, in their order (which decides which refusal is
    /// reported first).
    public static func canonicalDescription(of rules: [LimitRule]) -> String {
        rules.map(\.canonicalDescription).joined(separator: "\n")
    }
}
