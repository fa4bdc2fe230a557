import Logging
import NIOCore
import NIOPosix
import RESP

/// One Redis client per event loop of NIO's shared group, each connected on its own loop, so a request admitted
/// from an event loop talks to Redis without leaving its thread. With one connection on one loop, a request
/// handled on any other loop woke that loop to write its command and was woken again for the reply: two thread
/// hand-offs each way on every admission.
///
/// Each client pipelines, reconnects and backs off on its own; commands of one request still reach Redis in the
/// order they were sent, because a request stays on its loop. Callers off the loops (tests, the command line) use
/// the first client.
struct LoopClients: Sendable {
    private let byLoop: [ObjectIdentifier: RESPClient]
    /// Every client, the fallback first.
    let all: [RESPClient]

    init(configuration: RESPConfiguration, group: MultiThreadedEventLoopGroup = .singleton, logger: Logger) {
        var byLoop: [ObjectIdentifier: RESPClient] = [:]
        var all: [RESPClient] = []
        for loop in group.makeIterator() {
            let client = RESPClient(configuration: configuration, eventLoopGroup: loop, logger: logger)
            byLoop[ObjectIdentifier(loop)] = client
            all.append(client)
        }
        precondition(!all.isEmpty, "an event loop group has at least one loop")
        self.byLoop = byLoop
        self.all = all
    }

    /// The client of the loop this code runs on, or the first one off the loops.
    var current: RESPClient {
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop, let client = byLoop[ObjectIdentifier(loop)] { return client }
        return all[0]
    }

    func close() async {
        for client in all { await client.close() }
    }
}
