public import Foundation
import RESP
public import RateLimits

extension RedisLimitStore {
    /// Settles a reservation once: in Redis (its stored reservation is deleted, so a replay does nothing), or in
    /// this replica's memory for a request decided there. When Redis cannot answer, the settlement waits in memory
    /// and is replayed until Redis takes it.
    public func settle(_ reservation: LimitReservation, actual: [LimitRule.Measure: Int64], now: Date) async {
        if reservation.id.hasPrefix(Self.localPrefix) {
            let id = String(reservation.id.dropFirst(Self.localPrefix.count))
            local.settle(LimitReservation(id: id, charges: reservation.charges), actual: actual, now: now)
            return
        }
        // The script stored nothing for a reservation of requests alone: there is nothing to settle.
        let stored = reservation.charges.contains { charge in
            if case .concurrent = charge.rule.kind { return true }
            return charge.rule.measure != .requests
        }
        guard stored else { return }
        let pending = PendingSettlement(id: reservation.id, tokens: actual[.tokens] ?? 0, microUSD: actual[.microUSD] ?? 0)
        if await send(pending) != nil { enqueue(pending) }
    }

    /// Sends the settlements still waiting for Redis once more (each within the store's timeout), logs how many could
    /// not be written (their reservations stay charged until their lease ends: never under-counted), and closes the
    /// connection. For the gateway's shutdown, after its last request.
    public func shutdown() async {
        var left = 0
        while let next = state.withLock({ $0.backlog.isEmpty ? nil : $0.backlog.removeFirst() }) {
            if await send(next) != nil { left += 1 }
        }
        if left > 0 {
            logger.error(
                "limits.settlements_dropped_at_shutdown: Redis did not take them; their reservations stay charged until their lease ends",
                metadata: ["limits.settlements": "\(left)"])
        }
        await close()
    }

    /// Runs the settlement script; the error when Redis did not take it.
    private func send(_ pending: PendingSettlement) async -> LimitStoreError? {
        let started = ContinuousClock.now
        let keys = [RESPArgument(reservationKey(pending.id))]
        let arguments = [RESPArgument(String(pending.tokens)), RESPArgument(String(pending.microUSD))]
        let result = await runScript(RedisScripts.settle, keys: keys, arguments: arguments)
        measure(Measurement(operation: .settle, duration: .now - started, error: result.failure?.code))
        return result.failure
    }

    private func enqueue(_ pending: PendingSettlement) {
        let (dropped, startReplay) = state.withLock { state -> (Bool, Bool) in
            var dropped = false
            if state.backlog.count >= configuration.settlementBacklog {
                state.backlog.removeFirst()
                dropped = true
            }
            state.backlog.append(pending)
            let start = !state.replaying
            state.replaying = true
            return (dropped, start)
        }
        if dropped {
            logger.error(
                "limits.settlement_dropped: the settlement backlog is full; the oldest reservation stays charged until its lease ends",
                metadata: ["limits.backlog": "\(configuration.settlementBacklog)"])
        }
        if startReplay { Task { await self.replay() } }
    }

    /// Retries waiting settlements, oldest first, every ``Configuration/replayInterval`` until none is left. A
    /// settlement Redis already applied is a no-op there, so a replay after an answer that was lost is harmless.
    private func replay() async {
        while true {
            try? await Task.sleep(for: configuration.replayInterval)
            while let next = state.withLock({ state in state.backlog.first }) {
                guard await send(next) == nil else { break }
                state.withLock { state in
                    if state.backlog.first?.id == next.id { state.backlog.removeFirst() }
                }
            }
            let done = state.withLock { state in
                if state.backlog.isEmpty { state.replaying = false }
                return state.backlog.isEmpty
            }
            if done {
                logger.info("limits.settlements_replayed: every waiting settlement reached the shared limit store")
                return
            }
        }
    }
}
