import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import RESP

@Suite("RESP channel handler (EmbeddedChannel, no server)")
struct RESPChannelHandlerTests {
    private func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(RESPChannelHandler(limits: .init(), logger: Logger(label: "test")))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        return channel
    }

    private func send(
        _ commands: [RESPCommand], on channel: EmbeddedChannel, timeout: TimeAmount = .milliseconds(500)
    ) throws -> [EventLoopFuture<RESPValue>] {
        let promises = commands.map { _ in channel.eventLoop.makePromise(of: RESPValue.self) }
        let request = RESPRequest(commands: commands, promises: promises, deadline: channel.eventLoop.now + timeout)
        try channel.writeOutbound(request)
        return promises.map(\.futureResult)
    }

    private func result(_ future: EventLoopFuture<RESPValue>) -> Result<RESPValue, RESPError>? {
        var outcome: Result<RESPValue, RESPError>?
        future.assumeIsolated().whenComplete { result in outcome = result.mapError { $0 as? RESPError ?? .connectionClosed } }
        return outcome
    }

    @Test("pipelined commands are written in one buffer and answered in order, across split reads")
    func pipelining() throws {
        let channel = try makeChannel()
        let futures = try send([["INCR", "a"], ["GET", "b"], ["PING"]], on: channel)
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: written) == "*2\r\n$4\r\nINCR\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$1\r\nb\r\n*1\r\n$4\r\nPING\r\n")
        try channel.writeInbound(ByteBuffer(string: ":1\r\n$3\r\nva"))
        #expect(try result(futures[0])?.get() == .integer(1))
        #expect(result(futures[1]) == nil)
        try channel.writeInbound(ByteBuffer(string: "l\r\n+PONG\r\n"))
        #expect(try result(futures[1])?.get() == .bulkString(ByteBuffer(string: "val")))
        #expect(try result(futures[2])?.get() == .simpleString("PONG"))
        #expect(channel.isActive)
    }

    @Test("an error reply fails only its command, with the server's message")
    func serverError() throws {
        let channel = try makeChannel()
        let futures = try send([["EVALSHA", "abc", "0"], ["PING"]], on: channel)
        try channel.writeInbound(ByteBuffer(string: "-NOSCRIPT No matching script.\r\n+PONG\r\n"))
        #expect(result(futures[0]) == .failure(.noScript))
        #expect(try result(futures[1])?.get() == .simpleString("PONG"))
    }

    @Test("a passed deadline fails the command with timeout, the rest with connectionClosed, and closes the channel")
    func deadline() throws {
        let channel = try makeChannel()
        let slow = try send([["BLPOP", "k", "1"]], on: channel, timeout: .milliseconds(100))
        let later = try send([["PING"]], on: channel, timeout: .milliseconds(500))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(99))
        #expect(result(slow[0]) == nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(result(slow[0]) == .failure(.timeout))
        #expect(result(later[0]) == .failure(.connectionClosed))
        #expect(!channel.isActive)
    }

    @Test("an earlier deadline behind a later one still fires on time")
    func earlierDeadlineBehindLater() throws {
        let channel = try makeChannel()
        let patient = try send([["PING"]], on: channel, timeout: .seconds(5))
        let hasty = try send([["PING"]], on: channel, timeout: .milliseconds(50))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(50))
        #expect(result(hasty[0]) == .failure(.timeout))
        #expect(result(patient[0]) == .failure(.connectionClosed))
    }

    @Test("answered commands leave no timer that closes the connection later")
    func answeredBeforeDeadline() throws {
        let channel = try makeChannel()
        let futures = try send([["PING"]], on: channel, timeout: .milliseconds(100))
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n"))
        #expect(try result(futures[0])?.get() == .simpleString("PONG"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(channel.isActive)
    }

    @Test("malformed bytes fail everything pending with protocolError and close the channel")
    func protocolErrorCloses() throws {
        let channel = try makeChannel()
        let futures = try send([["GET", "a"], ["GET", "b"]], on: channel)
        _ = try? channel.writeInbound(ByteBuffer(string: "$abc\r\n"))
        #expect(result(futures[0]) == .failure(.protocolError))
        #expect(result(futures[1]) == .failure(.protocolError))
        #expect(!channel.isActive)
    }

    @Test("a reply nobody asked for closes the connection; a RESP3 push is ignored")
    func unsolicited() throws {
        let channel = try makeChannel()
        let futures = try send([["PING"]], on: channel)
        try channel.writeInbound(ByteBuffer(string: ">2\r\n+invalidate\r\n*0\r\n+PONG\r\n"))
        #expect(try result(futures[0])?.get() == .simpleString("PONG"))
        #expect(channel.isActive)
        _ = try? channel.writeInbound(ByteBuffer(string: "+EXTRA\r\n"))
        #expect(!channel.isActive)
    }

    @Test("the server closing the connection fails what is pending with connectionClosed")
    func serverCloses() throws {
        let channel = try makeChannel()
        let futures = try send([["GET", "a"]], on: channel)
        channel.pipeline.fireChannelInactive()
        #expect(result(futures[0]) == .failure(.connectionClosed))
    }
}
