public import NIOCore
public import NIOPosix

/// One value per event loop of a group (a client connected on that loop, say), and the one of the loop the caller
/// runs on. Code that stays on its event loop then talks to its own loop's value and wakes no other thread; code off
/// the loops (tests, the command line, start-up) gets the first.
public struct PerEventLoop<Value: Sendable>: Sendable {
    private let byLoop: [ObjectIdentifier: Value]
    /// Every value, the fallback first.
    public let all: [Value]

    /// `make` is called once for each loop of `group`, in the group's order.
    public init(group: MultiThreadedEventLoopGroup, _ make: (any EventLoop) throws -> Value) rethrows {
        var byLoop: [ObjectIdentifier: Value] = [:]
        var all: [Value] = []
        for loop in group.makeIterator() {
            let value = try make(loop)
            byLoop[ObjectIdentifier(loop)] = value
            all.append(value)
        }
        precondition(!all.isEmpty, "an event loop group has at least one loop")
        self.byLoop = byLoop
        self.all = all
    }

    /// The value of the loop this code runs on, or the first one off the loops (and on a loop of another group).
    public var current: Value {
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop, let value = byLoop[ObjectIdentifier(loop)] { return value }
        return all[0]
    }
}
