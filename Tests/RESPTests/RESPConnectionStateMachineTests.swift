import NIOCore
import Testing

@testable import RESP

@Suite("RESP connection state machine (pure)")
struct RESPConnectionStateMachineTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("replies go to the oldest pending command first")
    func fifo() {
        var machine = RESPConnectionStateMachine<Int>()
        for id in 1...3 { _ = machine.send(promise: id, deadline: start + .seconds(1), name: "GET") }
        var answered: [Int] = []
        for _ in 1...3 {
            if case .succeed(let id) = machine.replyReceived(.integer(0)) { answered.append(id) }
        }
        #expect(answered == [1, 2, 3])
        #expect(machine.pendingCount == 0)
    }

    @Test("the timer is armed once for the earliest deadline, and rearmed while nothing has expired")
    func timerArming() {
        var machine = RESPConnectionStateMachine<Int>()
        guard case .write(armTimer: let first) = machine.send(promise: 1, deadline: start + .seconds(2), name: "A") else {
            Issue.record("expected a write")
            return
        }
        #expect(first == start + .seconds(2))
        guard case .write(armTimer: let none) = machine.send(promise: 2, deadline: start + .seconds(3), name: "B") else {
            Issue.record("expected a write")
            return
        }
        #expect(none == nil)
        _ = machine.replyReceived(.simpleString("OK"))
        guard case .rearm(let next) = machine.timerFired(now: start + .seconds(2)) else {
            Issue.record("expected a rearm")
            return
        }
        #expect(next == start + .seconds(3))
        guard case .timeout(let promise, let detail, let others) = machine.timerFired(now: start + .seconds(3)) else {
            Issue.record("expected a timeout")
            return
        }
        #expect(promise == 2 && others.isEmpty && detail.contains("B"))
        #expect(!machine.isOpen)
    }

    @Test("after a close, a command is refused before it is written, marked safe to retry")
    func refusedAfterClose() {
        var machine = RESPConnectionStateMachine<Int>()
        _ = machine.send(promise: 1, deadline: start + .seconds(1), name: "GET")
        #expect(machine.channelInactive() == [1])
        guard case .fail(let error) = machine.send(promise: 2, deadline: start + .seconds(1), name: "GET") else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error == .connectionClosed && error.neverSent)
    }

    @Test("a reply with nothing pending is a protocol error; a push is not a reply")
    func unsolicited() {
        var machine = RESPConnectionStateMachine<Int>()
        guard case .ignore = machine.replyReceived(.push([.simpleString("invalidate")])) else {
            Issue.record("a push should be ignored")
            return
        }
        guard case .failAllAndClose(let promises, let error) = machine.replyReceived(.simpleString("OK")) else {
            Issue.record("expected a close")
            return
        }
        #expect(promises.isEmpty && error == .protocolError)
    }
}
