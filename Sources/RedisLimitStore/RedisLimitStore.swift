public import Foundation
public import Logging
public import RESP
public import RateLimits
import Synchronization

/// Limit counters in Redis, shared by every gateway replica: the same rules, algorithms and answers as
/// ``RateLimits/MemoryLimitStore``, with one set of counters however many replicas there are.
///
/// Each admission is one Lua script (loaded once, run by digest, reloaded after `NOSCRIPT`) that checks and charges
/// every matching rule, all or none, on the server's clock. When Redis cannot answer within ``Configuration/timeout``
/// each rule's `onStoreError` decides: `closed` refuses (``RateLimits/LimitStoreError/unavailable``), `open` admits
/// unchecked, `local` checks `limit ÷ replicas` in this replica's memory. Settlements that cannot reach Redis wait
/// in memory (bounded) and are replayed when it is back; a replay of a settled reservation does nothing.
///
/// Replicas write a hash of their rules; a replica whose hash differs from the one held refuses every limited
/// request (``RateLimits/LimitStoreError/rulesDiffer``) until the hash held expires. A store that comes back empty
/// (a restart without persistence) is detected by its missing generation marker; with a ``RateLimits/UsageLedger``
/// its calendar quotas are rebuilt from the ledger before anything is admitted again.
public final class RedisLimitStore: LimitStore {
    /// How the store reaches Redis and names its keys.
    public struct Configuration: Sendable {
        /// Where Redis is; its command and connect timeouts are capped at ``timeout``.
        public var redis: RESPConfiguration
        /// Put before every key. It must hold a `{hash tag}` so every key is in one Redis Cluster slot.
        public var keyPrefix: String
        /// The longest an admission or settlement may take before Redis counts as unavailable.
        public var timeout: Duration
        /// A hash of this replica's rules (``RateLimits/LimitRule/canonicalDescription(of:)``), compared with the
        /// one the other replicas wrote.
        public var rulesHash: String
        /// The configured rules: their calendar quotas are rebuilt from the ledger after Redis comes back empty.
        public var rules: [LimitRule]
        /// The least number of replicas `onStoreError: local` divides a limit by; the live count seen in Redis
        /// (replicas' heartbeats) is used when larger.
        public var replicas: Int
        /// How long a reservation waits to be settled, and a concurrency slot is held, before Redis drops it. The
        /// replica renews it every third of this while its request runs, so a replica that crashed frees its slots
        /// after this, and a long stream keeps its own.
        public var lease: Duration
        /// How long a request's lease is renewed at most: one that somehow is never settled lets its slot go then
        /// (one lease later), instead of holding it for ever.
        public var maximumHold: Duration
        /// How long the rules hash and a replica's heartbeat live without an admission refreshing them.
        public var heartbeat: Duration
        /// Settlements kept while Redis is unreachable; beyond this the oldest is dropped (its reservation stays
        /// charged until the lease ends).
        public var settlementBacklog: Int
        /// How often waiting settlements are retried.
        public var replayInterval: Duration

        /// Makes a configuration; see each property.
        public init(
            redis: RESPConfiguration, keyPrefix: String = "{bulwark}:limits:", timeout: Duration = .milliseconds(500), rulesHash: String,
            rules: [LimitRule] = [], replicas: Int = 1, lease: Duration = .seconds(900), maximumHold: Duration = .seconds(6 * 3_600),
            heartbeat: Duration = .seconds(30),
            settlementBacklog: Int = 10_000, replayInterval: Duration = .seconds(1)
        ) {
            self.redis = redis
            self.keyPrefix = keyPrefix
            self.timeout = timeout
            self.rulesHash = rulesHash
            self.rules = rules
            self.replicas = max(1, replicas)
            self.lease = lease
            self.maximumHold = maximumHold
            self.heartbeat = heartbeat
            self.settlementBacklog = max(1, settlementBacklog)
            self.replayInterval = replayInterval
        }
    }

    /// One call to Redis, for metrics: what it was, how long it took, and the error code when it failed.
    public struct Measurement: Sendable {
        public enum Operation: String, Sendable {
            case admit, settle, rebuild
        }
        public var operation: Operation
        public var duration: Duration
        /// ``RateLimits/LimitStoreError/code`` when the call failed; nil when Redis answered.
        public var error: String?
    }

    struct State {
        /// The live replicas the last admission counted.
        var replicasSeen = 0
        /// When this replica last refreshed the rules hash and its heartbeat: once a second is enough for TTLs of
        /// `heartbeat`, and spares every other admission four writes.
        var lastBeat: ContinuousClock.Instant?
        /// Quota rules met in charges (a key's own limits too), rebuilt from the ledger with the configured ones.
        var quotaRules: [String: LimitRule] = [:]
        /// Settlements waiting for Redis, oldest first.
        var backlog: [PendingSettlement] = []
        var replaying = false
        /// Settlements written without waiting whose answer has not come yet (``shutdown()`` waits for them).
        var settlementsInFlight = 0
        /// Reservations stored in Redis and not settled yet, whose leases are renewed, with when they were admitted.
        var leased: [String: ContinuousClock.Instant] = [:]
        var renewing = false
        var rebuilding = false
        /// When the last warning of each kind was logged, so an outage logs a line a second, not one per request.
        var lastWarning: [String: ContinuousClock.Instant] = [:]
        var suppressed: [String: Int] = [:]
    }

    struct PendingSettlement: Sendable {
        var id: String
        var tokens: Int64
        var microUSD: Int64
    }

    let configuration: Configuration
    /// One connection per event loop (see ``LoopClients``).
    let clients: LoopClients
    /// The client of the loop this code runs on.
    var client: RESPClient { clients.current }
    let ledger: (any UsageLedger)?
    /// Quota rules this replica may not have met yet (every key's own limits, from the key store), rebuilt too.
    let knownQuotaRules: (@Sendable () async throws(UsageLedgerError) -> [LimitRule])?
    let logger: Logger
    let measure: @Sendable (Measurement) -> Void
    /// Where `onStoreError: local` rules are counted while Redis cannot answer.
    let local = MemoryLimitStore()
    /// This replica's heartbeat in Redis.
    let replicaID = UUID().uuidString
    let state = Mutex(State())

    /// Makes a store; it connects on first use.
    /// - Parameters:
    ///   - configuration: where Redis is and how keys are named.
    ///   - ledger: where settled usage is kept; when given, an empty store rebuilds its quotas from it first.
    ///   - knownQuotaRules: quota rules to rebuild besides the configured ones and those met in charges: every key's
    ///     own limits, so a key this replica has not served is rebuilt too.
    ///   - logger: warnings for outages and errors for differing rules; never a password or a URL.
    ///   - measure: called after every call to Redis, for latency and error metrics.
    public init(
        configuration: Configuration, ledger: (any UsageLedger)? = nil,
        knownQuotaRules: (@Sendable () async throws(UsageLedgerError) -> [LimitRule])? = nil,
        logger: Logger = Logger(label: "bulwark.limits"), measure: @escaping @Sendable (Measurement) -> Void = { _ in }
    ) {
        var redis = configuration.redis
        redis.commandTimeout = configuration.timeout
        redis.connectTimeout = min(redis.connectTimeout, configuration.timeout)
        // One attempt per call: the caller's deadline is short, and the client backs off between failed rounds.
        redis.reconnect = RESPConfiguration.Reconnect(attempts: 1, initialDelay: .milliseconds(50), maximumDelay: .seconds(1))
        self.configuration = configuration
        self.clients = LoopClients(configuration: redis, logger: logger)
        self.ledger = ledger
        self.knownQuotaRules = knownQuotaRules
        self.logger = logger
        self.measure = measure
    }

    /// Closes the connections. Settlements still waiting are dropped.
    public func close() async {
        // Nothing is renewed any more: what is still reserved expires with its lease, as after a crash.
        state.withLock { $0.leased.removeAll() }
        await clients.close()
    }

    /// Settlements waiting for Redis to come back.
    public var pendingSettlements: Int { state.withLock { $0.backlog.count } }

    /// Checks and charges every charge on the server's clock (`now` is used only for `onStoreError: local`).
    /// - Throws: ``RateLimits/LimitStoreError/rulesDiffer`` while another replica's rules are enforced;
    ///   ``RateLimits/LimitStoreError/unavailable`` (or `rebuilding`) when Redis cannot answer and an enforced
    ///   matching rule says `onStoreError: closed`.
    public func admit(_ charges: [LimitCharge], now: Date) async throws(LimitStoreError) -> LimitDecision {
        state.withLock { state in
            for charge in charges where state.quotaRules[charge.rule.name] == nil {
                if case .quota = charge.rule.kind { state.quotaRules[charge.rule.name] = charge.rule }
            }
        }
        let id = UUID().uuidString
        let started = ContinuousClock.now
        var result = await admitInRedis(charges, id: id)
        if ledger != nil, result.failure == .rebuilding {
            // An emptied store (or a new one) is rebuilt from the ledger in a moment: the request waits for that,
            // up to the store's timeout, rather than being refused at once. The script charged nothing.
            startRebuild()
            while result.failure == .rebuilding, ContinuousClock.now - started < configuration.timeout {
                try? await Task.sleep(for: .milliseconds(10))
                result = await admitInRedis(charges, id: id)
            }
        }
        measure(Measurement(operation: .admit, duration: .now - started, error: result.failure?.code))
        switch result {
        case .success(let decision):
            if let reservation = decision.reservation, Self.isStored(reservation) { track(reservation.id) }
            return decision
        case .failure(let error) where error == .rulesDiffer:
            warn(
                "rules_differ", level: .error,
                "limits.rules differ from the rules other replicas enforce in the shared store; refusing every limited request until they agree",
                error)
            throw error
        case .failure(let error):
            if error == .rebuilding { startRebuild() }
            return try fallback(charges, error: error, now: now)
        }
    }

    private func admitInRedis(_ charges: [LimitCharge], id: String) async -> Result<LimitDecision, LimitStoreError> {
        let arguments = admitArguments(charges, id: id)
        let keys = [RESPArgument(reservationKey(id))]
        let reply = await runScript(RedisScripts.admit, keys: keys, arguments: arguments) { [weak self] unanswered in
            // Charged, perhaps, after this request was answered without Redis: give back what settling can give
            // back (a settlement of a reservation that was never stored does nothing).
            guard let self, unanswered?.array?.first?.string ?? "admitted" == "admitted" else { return }
            Task { await self.settle(LimitReservation(id: id, charges: charges), actual: [:], now: Date()) }
        }
        switch reply {
        case .failure(let error):
            return .failure(error)
        case .success(let value):
            return decode(value, charges: charges, id: id)
        }
    }

    private func admitArguments(_ charges: [LimitCharge], id: String) -> [RESPArgument] {
        let beat = state.withLock { state in
            let now = ContinuousClock.now
            guard state.lastBeat.map({ now - $0 >= min(.seconds(1), configuration.heartbeat / 2) }) ?? true else { return false }
            state.lastBeat = now
            return true
        }
        var arguments: [RESPArgument] = [
            RESPArgument(configuration.keyPrefix), RESPArgument(configuration.rulesHash),
            RESPArgument(Self.milliseconds(configuration.heartbeat)),
            RESPArgument(replicaID), RESPArgument(Self.milliseconds(configuration.heartbeat)), RESPArgument(id),
            RESPArgument(Self.milliseconds(configuration.lease)), RESPArgument(ledger == nil ? "0" : "1"), RESPArgument(beat ? "1" : "0"),
        ]
        for charge in charges {
            let rule = charge.rule
            let (kind, period): (String, String)
            switch rule.kind {
            case .rate(_, _, let per):
                let seconds = Double(per.components.seconds) + Double(per.components.attoseconds) / 1e18
                (kind, period) = ("rate", String(seconds))
            case .quota(_, _, let calendar): (kind, period) = ("quota", calendar.rawValue)
            case .concurrent: (kind, period) = ("concurrent", "")
            }
            arguments += [
                RESPArgument(kind), RESPArgument(charge.counter), RESPArgument(String(charge.amount)), RESPArgument(String(rule.limit)),
                RESPArgument(period), RESPArgument(rule.mode == .shadow ? "1" : "0"), RESPArgument(rule.measure.rawValue),
            ]
        }
        return arguments
    }

    /// The script's reply as a decision, or the condition it reported.
    private func decode(_ reply: RESPValue, charges: [LimitCharge], id: String) -> Result<LimitDecision, LimitStoreError> {
        guard let items = reply.array, let status = items.first?.string else {
            return .failure(.unavailable("the admission script answered \(reply)"))
        }
        switch status {
        case "rules_differ":
            return .failure(
                .rulesDiffer(
                    "the shared store holds rules hash \(items.dropFirst().first?.string ?? "?"), this replica's is \(configuration.rulesHash)"
                ))
        case "empty":
            return .failure(.rebuilding("the shared store came back empty; its quotas are being rebuilt from the usage ledger"))
        case "admitted", "refused":
            break
        default:
            return .failure(.unavailable("the admission script answered '\(status)'"))
        }
        guard items.count == 2 + 4 * charges.count, let replicas = items[1].int else {
            return .failure(.unavailable("the admission script answered \(items.count) items for \(charges.count) charges"))
        }
        state.withLock { $0.replicasSeen = Int(replicas) }
        var statuses: [LimitStatus] = []
        var refusal: LimitRefusal?
        var shadowRefusals: [LimitRefusal] = []
        var charged: [LimitCharge] = []
        for (index, charge) in charges.enumerated() {
            let base = 2 + 4 * index
            let remaining = items[base].int ?? 0
            let resetAfter = Double(items[base + 1].int ?? 0) / 1000
            let retryAfter = Double(items[base + 3].int ?? 0) / 1000
            statuses.append(LimitStatus(rule: charge.rule, limit: charge.rule.limit, remaining: remaining, resetAfter: resetAfter))
            let reason: LimitRefusal.Reason?
            switch items[base + 2].string ?? "" {
            case "never": reason = .neverFits
            case "rate": reason = .rateExceeded
            case "quota": reason = .quotaExhausted
            case "inflight": reason = .tooManyInFlight
            default: reason = nil
            }
            guard let reason else {
                charged.append(charge)
                continue
            }
            let denied = LimitRefusal(reason: reason, rule: charge.rule, retryAfter: reason == .neverFits ? nil : retryAfter)
            if charge.rule.mode == .shadow {
                shadowRefusals.append(denied)
            } else if refusal == nil {
                refusal = denied
            }
        }
        let reservation = status == "admitted" ? LimitReservation(id: id, charges: charged) : nil
        return .success(LimitDecision(refusal: refusal, reservation: reservation, statuses: statuses, shadowRefusals: shadowRefusals))
    }

    // MARK: - Keys and helpers

    func reservationKey(_ id: String) -> String { configuration.keyPrefix + "res:" + id }

    /// Whether the admission script stored the reservation: it holds slots, or tokens or spend to settle.
    static func isStored(_ reservation: LimitReservation) -> Bool {
        reservation.charges.contains { charge in
            if case .concurrent = charge.rule.kind { return true }
            return charge.rule.measure != .requests
        }
    }

    static func milliseconds(_ duration: Duration) -> String {
        String(max(1, duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Logs at most one line a second per `kind`, saying how many were held back since.
    func warn(_ kind: String, level: Logger.Level = .warning, _ message: String, _ error: LimitStoreError) {
        let suppressed: Int? = state.withLock { state in
            let now = ContinuousClock.now
            if let last = state.lastWarning[kind], now - last < .seconds(1) {
                state.suppressed[kind, default: 0] += 1
                return nil
            }
            state.lastWarning[kind] = now
            return state.suppressed.removeValue(forKey: kind) ?? 0
        }
        guard let suppressed else { return }
        logger.log(
            level: level, "\(message)",
            metadata: ["limits.error": "\(error.code)", "limits.detail": "\(error.detail)", "limits.suppressed": "\(suppressed)"])
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
