import Foundation
import RESP
import RateLimits

extension RedisLimitStore {
    /// Starts rebuilding the store's calendar quotas from the ledger, unless this replica already is.
    func startRebuild() {
        guard ledger != nil else { return }
        let start = state.withLock { state in
            defer { state.rebuilding = true }
            return !state.rebuilding
        }
        guard start else { return }
        Task {
            await self.rebuild()
            self.state.withLock { $0.rebuilding = false }
        }
    }

    /// Rebuilds every calendar quota's counters for its current window from the ledger's totals since the window
    /// started, then writes the generation marker, so admissions start again. One replica does it (a lock with a
    /// TTL in Redis); the others keep answering `rebuilding` until the marker is back.
    /// - Returns: whether this replica wrote the counters.
    @discardableResult
    func rebuild() async -> Bool {
        guard let ledger else { return false }
        let started = ContinuousClock.now
        let token = UUID().uuidString
        let lock = configuration.keyPrefix + "rebuild"
        do throws(RebuildError) {
            let taken = try await call { client throws(RESPError) in
                try await client.send(["SET", RESPArgument(lock), RESPArgument(token), "NX", "PX", "60000"])
            }
            guard !taken.isNull else { return false }
            let serverTime = try await call { client throws(RESPError) in try await client.time() }
            let now = Date(timeIntervalSince1970: Double(serverTime.components.seconds) + Double(serverTime.components.attoseconds) / 1e18)
            var counters: [String: (amount: Int64, expiresAt: Int64)] = [:]
            let rules: [LimitRule]
            do throws(UsageLedgerError) { rules = try await quotaRulesToRebuild() } catch { throw .ledger(error) }
            for period in Set(rules.compactMap(Self.period(of:))) {
                let window = period.window(containing: now)
                let totals: [UsageTotal]
                do throws(UsageLedgerError) { totals = try await ledger.totals(since: window.lowerBound) } catch { throw .ledger(error) }
                let start = Int64(window.lowerBound.timeIntervalSince1970), end = Int64(window.upperBound.timeIntervalSince1970)
                for rule in rules where Self.period(of: rule) == period {
                    for (subject, amount) in Self.usage(of: rule, in: totals) where amount > 0 {
                        let key = "q:\(start):" + LimitCharge(rule: rule, subject: subject, amount: 0).counter
                        counters[key] = ((counters[key]?.amount ?? 0) + amount, end * 1000)
                    }
                }
            }
            var arguments = [RESPArgument(configuration.keyPrefix), RESPArgument(token), RESPArgument(token)]
            for (key, counter) in counters.sorted(by: { $0.key < $1.key }) {
                arguments += [RESPArgument(key), RESPArgument(String(counter.amount)), RESPArgument(String(counter.expiresAt))]
            }
            let marker = [RESPArgument(configuration.keyPrefix + "generation")]
            let written = arguments
            let wrote = try await call { client throws(RESPError) in
                try await client.evalScript(RedisScripts.rebuild, keys: marker, arguments: written)
            }
            guard wrote.int == 1 else {
                // Another replica finished first; the marker is back.
                await releaseLock(lock, token: token)
                return false
            }
            measure(Measurement(operation: .rebuild, duration: .now - started, error: nil))
            logger.warning(
                "limits.rebuilt: the shared limit store had come back empty; calendar quotas were rebuilt from the usage ledger",
                metadata: ["limits.counters": "\(counters.count)", "limits.rules": "\(rules.count)"])
            return true
        } catch {
            measure(Measurement(operation: .rebuild, duration: .now - started, error: LimitStoreError.rebuilding.code))
            logger.error("limits.rebuild_failed: \(error); closed quota rules stay refused until a rebuild succeeds")
            await releaseLock(lock, token: token)
            return false
        }
    }

    private func releaseLock(_ lock: String, token: String) async {
        _ = try? await call { client throws(RESPError) in
            try await client.evalScript(RedisScripts.releaseLock, keys: [RESPArgument(lock)], arguments: [RESPArgument(token)])
        }
    }

    private enum RebuildError: Error, CustomStringConvertible {
        case redis(RESPError)
        case ledger(UsageLedgerError)

        var description: String {
            switch self {
            case .redis(let error): "Redis: \(error.code)"
            case .ledger(let error): "the usage ledger: \(error.description)"
            }
        }
    }

    private func call<T: Sendable>(_ body: @Sendable (RESPClient) async throws(RESPError) -> T) async throws(RebuildError) -> T {
        do throws(RESPError) { return try await body(client) } catch { throw .redis(error) }
    }

    /// The configured quota rules, those met in charges since this replica started, and the known ones (every key's
    /// own limits, when the gateway gives them).
    private func quotaRulesToRebuild() async throws(UsageLedgerError) -> [LimitRule] {
        var rules: [String: LimitRule] = state.withLock { $0.quotaRules }
        for rule in try await knownQuotaRules?() ?? [] where Self.period(of: rule) != nil { rules[rule.name] = rule }
        for rule in configuration.rules where Self.period(of: rule) != nil { rules[rule.name] = rule }
        return rules.values.sorted { $0.name < $1.name }
    }

    static func period(of rule: LimitRule) -> CalendarPeriod? {
        if case .quota(_, _, let period) = rule.kind { return period }
        return nil
    }

    /// What the ledger's totals charged to each of the rule's counters: by the rule's scope (key → key prefix,
    /// identity, policy, deployment, global → ""), only for deployments the rule applies to, in its measure.
    static func usage(of rule: LimitRule, in totals: [UsageTotal]) -> [String: Int64] {
        var usage: [String: Int64] = [:]
        for total in totals where rule.applies(toDeployment: total.deployment) {
            let subject: String
            switch rule.scope {
            case .key:
                guard let prefix = total.keyPrefix else { continue }
                subject = prefix
            case .identity: subject = total.identity
            case .policy: subject = total.policy
            case .deployment: subject = total.deployment.lowercased()
            case .global: subject = ""
            }
            let amount: Int64
            switch rule.measure {
            case .requests: amount = total.requests
            case .tokens: amount = total.totalTokens
            case .microUSD: amount = total.microUSD
            }
            usage[subject, default: 0] += amount
        }
        return usage
    }
}
