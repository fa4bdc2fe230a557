public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL

/// One connection to a Redis server: commands pipeline (many in flight, answered in order), each with a deadline.
///
/// A command whose deadline passes fails with ``RESPError/timeout`` and closes the connection, failing everything
/// else in flight with ``RESPError/connectionClosed``; a closed connection stays closed. ``RESPClient`` reconnects.
public final class RESPConnection: Sendable {
    private let channel: any Channel
    private let commandTimeout: Duration

    private init(channel: any Channel, commandTimeout: Duration) {
        self.channel = channel
        self.commandTimeout = commandTimeout
    }

    /// Whether the connection is still open.
    public var isActive: Bool { channel.isActive }

    /// Connects, then authenticates (`AUTH`, or `HELLO 3 AUTH` for RESP3) and selects the database.
    /// - Parameters:
    ///   - configuration: where the server is and how to talk to it.
    ///   - eventLoopGroup: the loops to run on; NIO's shared group by default.
    ///   - logger: receives debug lines with the host and port, never a password or an argument.
    /// - Returns: an open, authenticated connection.
    /// - Throws: ``RESPError/connectFailed``, ``RESPError/authenticationFailed``, or the handshake's error.
    public static func connect(
        configuration: RESPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "bulwark.resp")
    ) async throws(RESPError) -> RESPConnection {
        let host = configuration.host
        var sslContext: NIOSSLContext?
        if let tls = configuration.tls {
            do {
                sslContext = try NIOSSLContext(configuration: tls)
            } catch {
                throw .connectFailed("the TLS configuration was refused: \(type(of: error))")
            }
        }
        let isIPAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        let limits = configuration.limits
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [sslContext] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let tlsHandler = try NIOSSLClientHandler(context: sslContext, serverHostname: isIPAddress ? nil : host)
                        try channel.pipeline.syncOperations.addHandler(tlsHandler)
                    }
                    try channel.pipeline.syncOperations.addHandler(RESPChannelHandler(limits: limits, logger: logger))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: configuration.port).get()
        } catch {
            logger.debug("redis.connect_failed", metadata: ["redis.host": "\(host)", "redis.port": "\(configuration.port)"])
            throw .connectFailed("could not connect to \(host):\(configuration.port): \(type(of: error))")
        }
        let connection = RESPConnection(channel: channel, commandTimeout: configuration.commandTimeout)
        do throws(RESPError) {
            try await connection.handshake(configuration)
        } catch {
            await connection.close()
            // A refused certificate shows up as the channel failing during the first exchange.
            if configuration.tls != nil && error == .connectionClosed {
                throw .connectFailed("the TLS handshake with \(host):\(configuration.port) failed (\(error.detail))")
            }
            throw error
        }
        logger.debug("redis.connected", metadata: ["redis.host": "\(host)", "redis.port": "\(configuration.port)"])
        return connection
    }

    private func handshake(_ configuration: RESPConfiguration) async throws(RESPError) {
        let timeout = configuration.connectTimeout
        switch configuration.protocolVersion {
        case .resp3:
            var hello: [RESPArgument] = ["HELLO", "3"]
            if let password = configuration.password {
                hello += ["AUTH", RESPArgument(configuration.username ?? "default"), RESPArgument(password)]
            }
            do {
                _ = try await send(RESPCommand(hello), timeout: timeout)
            } catch {
                // The server's text could repeat the password (a server without HELLO echoes its arguments).
                throw error.withoutServerText("the server refused HELLO 3; it may not speak RESP3 (use RESP2)")
            }
        case .resp2:
            if let password = configuration.password {
                let auth: [RESPArgument] = ["AUTH"] + (configuration.username.map { [RESPArgument($0)] } ?? []) + [RESPArgument(password)]
                do {
                    _ = try await send(RESPCommand(auth), timeout: timeout)
                } catch {
                    throw error.withoutServerText("the server refused AUTH")
                }
            }
        }
        if configuration.database != 0 {
            _ = try await send(["SELECT", RESPArgument(configuration.database)], timeout: timeout)
        } else if configuration.tls != nil && configuration.password == nil && configuration.protocolVersion == .resp2 {
            // Nothing else was sent: a PING makes the TLS handshake (and a refused certificate) happen here.
            _ = try await send(["PING"], timeout: timeout)
        }
    }

    /// Sends one command and waits for its reply.
    /// - Parameters:
    ///   - command: the command, its name first.
    ///   - timeout: how long to wait for the reply; the configuration's ``RESPConfiguration/commandTimeout`` if `nil`.
    /// - Returns: the reply; an error reply is thrown instead.
    /// - Throws: ``RESPError/serverError(_:)`` (or ``RESPError/noScript``...) for an error reply, ``RESPError/timeout``,
    ///   ``RESPError/connectionClosed`` or ``RESPError/protocolError``.
    public func send(_ command: RESPCommand, timeout: Duration? = nil) async throws(RESPError) -> RESPValue {
        try await pipeline([command], timeout: timeout)[0].get()
    }

    /// Writes several commands at once (one flush) and waits for all their replies, in order.
    /// - Parameters:
    ///   - commands: the commands, in the order the server runs them.
    ///   - timeout: the deadline for every reply, from now; the configured one if `nil`.
    /// - Returns: one result per command, in the commands' order.
    public func pipeline(_ commands: [RESPCommand], timeout: Duration? = nil) async -> [Result<RESPValue, RESPError>] {
        guard !commands.isEmpty else { return [] }
        let replies = write(commands, timeout: timeout)
        // One wait for all of them: a single resumption of the caller, whatever the number of commands.
        let all = EventLoopFuture.whenAllComplete(replies, on: channel.eventLoop)
        let results = await withCheckedContinuation { continuation in
            all.whenComplete { continuation.resume(returning: $0) }
        }
        guard case .success(let each) = results else { return commands.map { _ in .failure(.connectionClosed) } }
        return each.map { result in result.mapError { $0 as? RESPError ?? .connectionClosed("the connection failed: \(type(of: $0))") } }
    }

    /// Writes several commands at once (one flush) and returns without waiting: the futures complete with the
    /// replies, in order, on the connection's event loop (a failure is a ``RESPError``).
    ///
    /// Commands reach the server in the order of the calls that wrote them, through this method or
    /// ``pipeline(_:timeout:)`` alike: a caller that writes a command and then sends another knows the server runs
    /// them in that order, without waiting for the first reply.
    /// - Parameters:
    ///   - commands: the commands, in the order the server runs them.
    ///   - timeout: the deadline for every reply, from now; the configured one if `nil`.
    /// - Returns: one future per command.
    public func write(_ commands: [RESPCommand], timeout: Duration? = nil) -> [EventLoopFuture<RESPValue>] {
        let loop = channel.eventLoop
        let promises = commands.map { _ in loop.makePromise(of: RESPValue.self) }
        guard !commands.isEmpty else { return [] }
        let written = loop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            // Closed before the handler saw the request: nothing was written, so retrying elsewhere is safe.
            let neverSent = (error as? ChannelError) == .ioOnClosedChannel
            let failure = RESPError.connectionClosed("the connection is closed", neverSent: neverSent)
            for promise in promises { promise.fail(failure) }
        }
        // From the loop this writes at once; from elsewhere it is queued on the loop, behind every earlier write.
        channel.writeAndFlush(
            RESPRequest(commands: commands, promises: promises, deadline: loop.now + TimeAmount(timeout ?? commandTimeout)),
            promise: written)
        return promises.map(\.futureResult)
    }

    /// Closes the connection; commands in flight fail with ``RESPError/connectionClosed``.
    public func close() async {
        try? await channel.close()
    }
}
