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
        guard Self.isStored(reservation) else { return }
        untrack(reservation.id)
        let pending = PendingSettlement(id: reservation.id, tokens: actual[.tokens] ?? 0, microUSD: actual[.microUSD] ?? 0)
        // What only gives back (a refund, a slot) is written without waiting: seen late by another replica, it can
        // only refuse too much for a moment. Debt is confirmed first, so no replica admits against debt it cannot see.
        let chargesDebt = reservation.charges.contains { charge in
            charge.rule.measure != .requests && (actual[charge.rule.measure] ?? 0) > charge.amount
        }
        if !chargesDebt, write(pending) { return }
        if await send(pending) != nil { enqueue(pending) }
    }

    /// Writes a settlement that only gives back on the live connection, and returns without waiting for Redis:
    /// whatever this replica sends afterwards on that connection (the next admission of the same key among them)
    /// runs after it, so its answer is not worth a round trip on the request's path. A settlement Redis does
    /// not confirm waits in the backlog, as one that could not be sent does.
    /// - Returns: whether it was written (`false` with no live connection, or before the script was loaded).
    private func write(_ pending: PendingSettlement) -> Bool {
        let started = ContinuousClock.now
        guard
            let reply = client.writeScriptIfReady(
                RedisScripts.settle, keys: [RESPArgument(reservationKey(pending.id))], arguments: Self.settleArguments(pending),
                timeout: configuration.timeout)
        else { return false }
        state.withLock { $0.settlementsInFlight += 1 }
        reply.whenComplete { [self] completed in
            let result = completed.mapError { $0 as? RESPError ?? .connectionClosed }
            measure(Measurement(operation: .settle, duration: .now - started, error: result.failure.map { Deadline.unavailable($0).code }))
            switch result {
            case .success:
                state.withLock { $0.settlementsInFlight -= 1 }
            case .failure(let error) where error == .noScript:
                // It did not run: load the script and settle in the background.
                Task {
                    if await self.send(pending) != nil { self.enqueue(pending) }
                    self.state.withLock { $0.settlementsInFlight -= 1 }
                }
            case .failure:
                // Perhaps applied, perhaps not: a replay settles it once either way.
                enqueue(pending)
                state.withLock { $0.settlementsInFlight -= 1 }
            }
        }
        return true
    }

    static func settleArguments(_ pending: PendingSettlement) -> [RESPArgument] {
        [RESPArgument(String(pending.tokens)), RESPArgument(String(pending.microUSD))]
    }

    /// Sends the settlements still waiting for Redis once more (each within the store's timeout), logs how many could
    /// not be written (their reservations stay charged until their lease ends: never under-counted), and closes the
    /// connection. For the gateway's shutdown, after its last request.
    public func shutdown() async {
        // Settlements written without waiting are answered, or moved to the backlog, when their deadline (the
        // store's timeout from their write) passes: the wait is capped at twice that, for a timer that fires late.
        let waitUntil = ContinuousClock.now + configuration.timeout * 2
        while state.withLock({ $0.settlementsInFlight > 0 }), ContinuousClock.now < waitUntil {
            try? await Task.sleep(for: .milliseconds(5))
        }
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
        let result = await runScript(RedisScripts.settle, keys: keys, arguments: Self.settleArguments(pending))
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
