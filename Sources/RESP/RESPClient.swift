public import Logging
public import NIOCore
public import NIOPosix
import Synchronization

/// A Redis client that keeps one pipelined connection and reconnects, with capped exponential backoff, when the
/// connection closes, times out or cannot be made.
///
/// Commands are never retried after they may have reached the server (a command is not known to be idempotent);
/// the one exception is a command refused before it was written, which is sent again on a new connection.
public actor RESPClient {
    /// What a command needs while the connection is up, readable without entering the actor: sending then costs no
    /// hop onto it (the actor is for connecting, reconnecting and closing).
    private struct Shared {
        var connection: RESPConnection?
        var scriptDigests: [String: String] = [:]
    }

    private let configuration: RESPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private nonisolated let shared = Mutex(Shared())
    private var connection: RESPConnection? {
        get { shared.withLock { $0.connection } }
        set { shared.withLock { $0.connection = newValue } }
    }
    private var connecting: (generation: Int, task: Task<Result<RESPConnection, RESPError>, Never>)?
    private var generation = 0
    private var failedRounds = 0
    private var retryAfter: ContinuousClock.Instant?
    private var isClosed = false

    /// Makes a client; it connects on first use.
    /// - Parameters:
    ///   - configuration: where the server is and how to talk to it.
    ///   - eventLoopGroup: the loops to run on; NIO's shared group by default.
    ///   - logger: receives debug lines; never a password or a command argument.
    public init(
        configuration: RESPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "bulwark.resp")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Sends a command and returns its reply, connecting first when needed.
    /// - Parameters:
    ///   - command: the command, its name first.
    ///   - timeout: the reply's deadline; the configuration's ``RESPConfiguration/commandTimeout`` if `nil`.
    /// - Returns: the reply.
    /// - Throws: a ``RESPError``: ``RESPError/serverError(_:)`` for an error reply, ``RESPError/timeout``,
    ///   ``RESPError/connectionClosed``, ``RESPError/connectFailed``...
    public nonisolated func send(_ command: RESPCommand, timeout: Duration? = nil) async throws(RESPError) -> RESPValue {
        // The common case: a live connection, used from here.
        if let current = shared.withLock({ $0.connection }), current.isActive {
            do throws(RESPError) {
                return try await current.send(command, timeout: timeout)
            } catch  where error.neverSent {
                await drop(current)
            } catch {
                if !current.isActive || error == .timeout || error == .protocolError { await drop(current) }
                throw error
            }
        }
        return try await sendConnecting(command, timeout: timeout)
    }

    /// Sends a command on the live connection, never connecting, reconnecting or retrying: for a caller with a
    /// deadline of its own, which ``send(_:timeout:)`` could overrun by connecting first.
    /// - Returns: the reply, or `nil` when the command was not sent (no live connection, or it closed before the
    ///   write).
    /// - Throws: as ``send(_:timeout:)`` once the command may have reached the server; the connection is dropped
    ///   after a timeout, a protocol error or a close.
    public nonisolated func sendIfConnected(_ command: RESPCommand, timeout: Duration? = nil) async throws(RESPError) -> RESPValue? {
        guard let current = shared.withLock({ $0.connection }), current.isActive else { return nil }
        do throws(RESPError) {
            return try await current.send(command, timeout: timeout)
        } catch  where error.neverSent {
            await drop(current)
            return nil
        } catch {
            if !current.isActive || error == .timeout || error == .protocolError { await drop(current) }
            throw error
        }
    }

    /// Writes a command on the live connection and returns without waiting for the reply (see
    /// ``RESPConnection/write(_:timeout:)``: commands reach the server in the order they were written or sent).
    /// - Returns: the reply's future, or `nil` when there is no live connection (nothing was written).
    public nonisolated func writeIfConnected(_ command: RESPCommand, timeout: Duration? = nil) -> EventLoopFuture<RESPValue>? {
        guard let current = shared.withLock({ $0.connection }), current.isActive else { return nil }
        return current.write([command], timeout: timeout)[0]
    }

    /// ``send(_:timeout:)`` when there is no live connection: connects first (in the actor).
    private func sendConnecting(_ command: RESPCommand, timeout: Duration?) async throws(RESPError) -> RESPValue {
        let current = try await currentConnection()
        do throws(RESPError) {
            return try await current.send(command, timeout: timeout)
        } catch  where error.neverSent {
            drop(current)
            return try await currentConnection().send(command, timeout: timeout)
        } catch {
            if !current.isActive || error == .timeout || error == .protocolError { drop(current) }
            throw error
        }
    }

    /// Sends a command given as strings (UTF-8). See ``send(_:timeout:)-(RESPCommand,_)``.
    public nonisolated func send(_ command: [String], timeout: Duration? = nil) async throws(RESPError) -> RESPValue {
        try await send(RESPCommand(command), timeout: timeout)
    }

    /// Sends a command given as raw bytes. See ``send(_:timeout:)-(RESPCommand,_)``.
    public nonisolated func send(_ command: [[UInt8]], timeout: Duration? = nil) async throws(RESPError) -> RESPValue {
        try await send(RESPCommand(command), timeout: timeout)
    }

    /// Writes several commands at once and returns their replies in order; each fails or succeeds on its own.
    /// - Throws: ``RESPError/connectFailed`` when no connection could be made.
    public func pipeline(_ commands: [RESPCommand], timeout: Duration? = nil) async throws(RESPError) -> [Result<RESPValue, RESPError>] {
        let current = try await currentConnection()
        let results = await current.pipeline(commands, timeout: timeout)
        if !current.isActive { drop(current) }
        return results
    }

    /// Closes the connection; later calls fail with ``RESPError/clientClosed``.
    public func close() async {
        isClosed = true
        connecting?.task.cancel()
        let current = connection
        connection = nil
        await current?.close()
    }

    nonisolated func cachedDigest(_ script: String) -> String? { shared.withLock { $0.scriptDigests[script] } }

    nonisolated func rememberDigest(_ digest: String, for script: String) { shared.withLock { $0.scriptDigests[script] = digest } }

    private func drop(_ stale: RESPConnection) {
        guard connection === stale else { return }
        connection = nil
        Task { await stale.close() }
    }

    private func currentConnection() async throws(RESPError) -> RESPConnection {
        guard !isClosed else { throw .clientClosed("the client was closed") }
        if let connection, connection.isActive { return connection }
        if let connection { drop(connection) }
        if let connecting { return try await connecting.task.value.get() }
        if let retryAfter, ContinuousClock.now < retryAfter {
            throw .connectFailed("the last attempts to connect failed; waiting before trying again")
        }
        generation += 1
        let mine = generation
        let task = Task { [configuration, eventLoopGroup, logger] in
            await Self.connect(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        }
        connecting = (mine, task)
        let result = await task.value
        if connecting?.generation == mine {
            connecting = nil
            switch result {
            case .success(let fresh):
                guard !isClosed else {
                    await fresh.close()
                    throw .clientClosed("the client was closed")
                }
                connection = fresh
                failedRounds = 0
                retryAfter = nil
            case .failure:
                retryAfter = .now + configuration.reconnect.delay(beforeRetry: failedRounds)
                failedRounds += 1
            }
        }
        return try result.get()
    }

    /// Tries ``RESPConfiguration/Reconnect/attempts`` times, waiting longer (capped) after each failure. A refused
    /// password is not retried: it would be refused again.
    private static func connect(
        configuration: RESPConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger
    ) async -> Result<RESPConnection, RESPError> {
        var lastError = RESPError.connectFailed
        for attempt in 0..<configuration.reconnect.attempts {
            if attempt > 0 {
                do {
                    try await Task.sleep(for: configuration.reconnect.delay(beforeRetry: attempt - 1))
                } catch {
                    return .failure(.clientClosed("cancelled while waiting to reconnect"))
                }
            }
            do throws(RESPError) {
                return .success(
                    try await RESPConnection.connect(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger))
            } catch {
                lastError = error
                logger.debug("redis.connect_attempt_failed", metadata: ["redis.attempt": "\(attempt + 1)", "redis.error": "\(error.code)"])
                if error == .authenticationFailed { break }
            }
        }
        return .failure(lastError)
    }
}
