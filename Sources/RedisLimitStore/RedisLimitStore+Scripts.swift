import RESP
import RateLimits

extension RedisLimitStore {
    /// Runs one of the store's scripts within ``Configuration/timeout``.
    ///
    /// On a live connection that has the script, it is one round trip awaited in place: the connection's own
    /// deadline (the store's timeout) bounds it. Otherwise (connecting, loading the script, a connection that just
    /// closed) the call runs under ``Deadline`` with the time left, so connecting can never stretch the wait.
    /// - Parameters:
    ///   - script: the Lua source.
    ///   - keys: `KEYS`.
    ///   - arguments: `ARGV`.
    ///   - unanswered: called when the script may have run but this caller did not get its answer in time: a reply
    ///     lost with its connection, or one that came after the deadline (`nil` then, or the late reply).
    /// - Returns: the script's reply, or ``RateLimits/LimitStoreError/unavailable``.
    func runScript(
        _ script: String, keys: [RESPArgument], arguments: [RESPArgument],
        unanswered: @escaping @Sendable (RESPValue?) -> Void = { _ in }
    ) async -> Result<RESPValue, LimitStoreError> {
        let started = ContinuousClock.now
        do throws(RESPError) {
            if let reply = try await client.evalScriptIfReady(script, keys: keys, arguments: arguments, timeout: configuration.timeout) {
                return .success(reply)
            }
        } catch {
            if error.mayHaveRun { unanswered(nil) }
            return .failure(Deadline.unavailable(error))
        }
        let left = configuration.timeout - (ContinuousClock.now - started)
        guard left > .zero else { return .failure(.unavailable("Redis did not answer within \(configuration.timeout)")) }
        return await Deadline.run(left) { [client] () async -> Result<RESPValue, RESPError> in
            do throws(RESPError) {
                return .success(try await client.evalScript(script, keys: keys, arguments: arguments))
            } catch {
                // In time or not, the answer is lost.
                if error.mayHaveRun { unanswered(nil) }
                return .failure(error)
            }
        } late: { late in
            if case .success(let value) = late { unanswered(value) }
        }
    }
}
