import Logging
import NIOCore

/// Commands handed to the channel: written together, flushed once, answered in order.
struct RESPRequest: Sendable {
    var commands: [RESPCommand]
    var promises: [EventLoopPromise<RESPValue>]
    var deadline: NIODeadline
}

/// Adapts ``RESPDecoder`` to NIO's single-step processor, which keeps and compacts the bytes received.
struct RESPFrameDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = RESPValue
    var decoder: RESPDecoder

    mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        try decoder.decode(buffer: &buffer)
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decoder.decode(buffer: &buffer)
    }
}

/// The thin channel handler: it feeds bytes to the decoder, events to the state machine, and does what they say.
final class RESPChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RESPRequest
    typealias OutboundOut = ByteBuffer

    private var machine = RESPConnectionStateMachine<EventLoopPromise<RESPValue>>()
    private var processor: NIOSingleStepByteToMessageProcessor<RESPFrameDecoder>
    private var timer: Scheduled<Void>?
    private let logger: Logger

    init(limits: RESPDecoder.Limits, logger: Logger) {
        self.processor = NIOSingleStepByteToMessageProcessor(RESPFrameDecoder(decoder: RESPDecoder(limits: limits)))
        self.logger = logger
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: request.commands.reduce(0) { $0 + $1.encodedSize })
        for (command, commandPromise) in zip(request.commands, request.promises) {
            switch machine.send(promise: commandPromise, deadline: request.deadline, name: command.name) {
            case .write(let armTimer):
                command.encode(into: &buffer)
                if let armTimer { arm(context: context, deadline: armTimer) }
            case .fail(let error):
                commandPromise.fail(error)
            }
        }
        guard buffer.readableBytes > 0 else {
            promise?.succeed()
            return
        }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try processor.process(buffer: unwrapInboundIn(data)) { value in
                switch machine.replyReceived(value) {
                case .succeed(let promise):
                    if case .error(let message) = value {
                        promise.fail(RESPError.serverError(message))
                    } else {
                        promise.succeed(value)
                    }
                case .ignore:
                    logger.debug("redis.push ignored")
                case .failAllAndClose(let promises, let error):
                    fail(promises, error, context: context)
                }
            }
        } catch {
            let respError = error as? RESPError ?? .protocolError("the decoder failed")
            logger.debug("redis.protocol_error", metadata: ["redis.error": "\(respError.code)"])
            if case .failAllAndClose(let promises, let error) = machine.errorCaught(respError) {
                fail(promises, error, context: context)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let respError = error as? RESPError ?? .connectionClosed("the channel failed: \(error)")
        if case .failAllAndClose(let promises, let error) = machine.errorCaught(respError) {
            fail(promises, error, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        let error = RESPError.connectionClosed("the connection closed before the reply")
        for promise in machine.channelInactive() { promise.fail(error) }
        context.fireChannelInactive()
    }

    private func fail(_ promises: [EventLoopPromise<RESPValue>], _ error: RESPError, context: ChannelHandlerContext) {
        for promise in promises { promise.fail(error) }
        context.close(promise: nil)
    }

    private func arm(context: ChannelHandlerContext, deadline: NIODeadline) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        switch machine.timerFired(now: context.eventLoop.now) {
        case .none:
            break
        case .rearm(let deadline):
            arm(context: context, deadline: deadline)
        case .timeout(let promise, let detail, let others):
            logger.debug("redis.command_timeout", metadata: ["redis.pending": "\(others.count + 1)"])
            promise.fail(RESPError.timeout(detail))
            let closed = RESPError.connectionClosed("closed because an earlier command timed out")
            for other in others { other.fail(closed) }
            context.close(promise: nil)
        }
    }
}
