public import NIOCore

extension RESPClient {
    /// Loads a Lua script into the server's script cache (`SCRIPT LOAD`).
    /// - Parameter script: the script's source.
    /// - Returns: the script's SHA-1 digest, to pass to ``evalsha(_:keys:arguments:timeout:)``.
    /// - Throws: a ``RESPError``; ``RESPError/unexpectedReply`` if the reply is not a digest.
    public nonisolated func scriptLoad(_ script: String) async throws(RESPError) -> String {
        let reply = try await send(["SCRIPT", "LOAD", RESPArgument(script)])
        guard let digest = reply.string, digest.count == 40 else { throw .unexpectedReply("SCRIPT LOAD did not return a digest") }
        return digest
    }

    /// Runs a cached script by its digest (`EVALSHA`).
    /// - Parameters:
    ///   - sha: the digest ``scriptLoad(_:)`` returned.
    ///   - keys: the keys the script touches (`KEYS[n]`).
    ///   - arguments: the other arguments (`ARGV[n]`).
    ///   - timeout: the reply's deadline; the configured one if `nil`.
    /// - Returns: the script's reply.
    /// - Throws: ``RESPError/noScript`` when the server no longer has the script (after `SCRIPT FLUSH` or a restart).
    public nonisolated func evalsha(
        _ sha: String, keys: [RESPArgument] = [], arguments: [RESPArgument] = [], timeout: Duration? = nil
    ) async throws(RESPError) -> RESPValue {
        try await send(Self.evalsha(sha, keys: keys, arguments: arguments), timeout: timeout)
    }

    /// Runs a script by digest, loading it first when the server does not have it (`NOSCRIPT`), then retrying once.
    /// - Parameters:
    ///   - script: the script's source; its digest is remembered by this client.
    ///   - keys: the keys the script touches (`KEYS[n]`).
    ///   - arguments: the other arguments (`ARGV[n]`).
    /// - Returns: the script's reply.
    /// - Throws: a ``RESPError`` from loading or running the script.
    public nonisolated func evalScript(_ script: String, keys: [RESPArgument] = [], arguments: [RESPArgument] = []) async throws(RESPError)
        -> RESPValue
    {
        let sha: String
        if let known = cachedDigest(script) {
            sha = known
        } else {
            sha = try await scriptLoad(script)
            rememberDigest(sha, for: script)
        }
        do throws(RESPError) {
            return try await evalsha(sha, keys: keys, arguments: arguments)
        } catch  where error == .noScript {
            let reloaded = try await scriptLoad(script)
            rememberDigest(reloaded, for: script)
            return try await evalsha(reloaded, keys: keys, arguments: arguments)
        }
    }

    /// Runs a script in one round trip when that is possible: by its known digest, on the live connection, with
    /// no connecting, loading or retrying (see ``sendIfConnected(_:timeout:)``).
    /// - Returns: the script's reply, or `nil` when the script did not run: no live connection, a digest this
    ///   client has not learnt yet, or one the server no longer holds. ``evalScript(_:keys:arguments:)`` does all that.
    /// - Throws: a ``RESPError`` once the script may have run.
    public nonisolated func evalScriptIfReady(
        _ script: String, keys: [RESPArgument] = [], arguments: [RESPArgument] = [], timeout: Duration? = nil
    ) async throws(RESPError) -> RESPValue? {
        guard let sha = cachedDigest(script) else { return nil }
        do throws(RESPError) {
            return try await sendIfConnected(Self.evalsha(sha, keys: keys, arguments: arguments), timeout: timeout)
        } catch  where error == .noScript {
            return nil
        }
    }

    /// Writes a script by its known digest on the live connection and returns without waiting (see
    /// ``writeIfConnected(_:timeout:)``).
    /// - Returns: the reply's future (it fails with ``RESPError/noScript`` when the server no longer holds the script:
    ///   it did not run), or `nil` when there is no live connection or this client has not learnt the digest yet.
    public nonisolated func writeScriptIfReady(
        _ script: String, keys: [RESPArgument] = [], arguments: [RESPArgument] = [], timeout: Duration? = nil
    ) -> EventLoopFuture<RESPValue>? {
        guard let sha = cachedDigest(script) else { return nil }
        return writeIfConnected(Self.evalsha(sha, keys: keys, arguments: arguments), timeout: timeout)
    }

    /// `EVALSHA sha numkeys key... arg...`.
    private static func evalsha(_ sha: String, keys: [RESPArgument], arguments: [RESPArgument]) -> RESPCommand {
        RESPCommand(["EVALSHA", RESPArgument(sha), RESPArgument(keys.count)] + keys + arguments)
    }

    /// The server's clock (`TIME`), as the time since 1970-01-01 00:00 UTC, to the microsecond.
    /// - Throws: a ``RESPError``; ``RESPError/unexpectedReply`` if the reply is not two integers.
    public nonisolated func time() async throws(RESPError) -> Duration {
        let reply = try await send(["TIME"])
        guard let parts = reply.array, parts.count == 2, let seconds = parts[0].int, let micros = parts[1].int else {
            throw .unexpectedReply("TIME did not return seconds and microseconds")
        }
        return .seconds(seconds) + .microseconds(micros)
    }
}
