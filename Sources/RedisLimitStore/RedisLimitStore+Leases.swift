import RESP
import RateLimits

extension RedisLimitStore {
    /// Reservations at most renewed in one call to Redis.
    static let renewalBatch = 500

    /// Remembers a reservation Redis stores (it has slots or tokens to settle) until it is settled, so its lease is
    /// renewed while its request runs: a stream longer than ``Configuration/lease`` keeps its slot and its
    /// reservation. A replica that stops renewing (it crashed) lets them expire after one lease.
    func track(_ id: String) {
        let start = state.withLock { state -> Bool in
            state.leased[id] = .now
            guard !state.renewing else { return false }
            state.renewing = true
            return true
        }
        if start { Task { await self.renewLeases() } }
    }

    /// Forgets a reservation once its settlement is on its way.
    func untrack(_ id: String) {
        _ = state.withLock { $0.leased.removeValue(forKey: id) }
    }

    /// Every third of a lease, extends the leases of the reservations still tracked, until none is left. A renewal
    /// that fails is tried again at the next turn, well before the lease runs out.
    private func renewLeases() async {
        let interval = configuration.lease / 3
        while true {
            try? await Task.sleep(for: interval)
            if await renewTurn(now: .now) == 0 { return }
        }
    }

    /// One turn of renewal at `now`: forgets reservations held longer than ``Configuration/maximumHold`` and
    /// extends the leases of the others (in batches), returning how many it tried to extend. When none is left the
    /// loop stops; the next tracked reservation starts it again.
    @discardableResult
    func renewTurn(now: ContinuousClock.Instant) async -> Int {
        let oldest = now - configuration.maximumHold
        let ids = state.withLock { state -> [String] in
            state.leased = state.leased.filter { $0.value > oldest }
            if state.leased.isEmpty { state.renewing = false }
            return Array(state.leased.keys)
        }
        var start = 0
        while start < ids.count {
            let batch = ids[start..<min(ids.count, start + Self.renewalBatch)]
            start += Self.renewalBatch
            let result = await runScript(
                RedisScripts.renew, keys: batch.map { RESPArgument(reservationKey($0)) },
                arguments: [RESPArgument(Self.milliseconds(configuration.lease))])
            if case .failure(let error) = result {
                warn("renew_failed", "limits.renew_failed: leases of requests in flight could not be extended; retried next turn", error)
            }
        }
        return ids.count
    }
}
