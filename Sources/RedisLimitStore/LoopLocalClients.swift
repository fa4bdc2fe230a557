import Logging
import NIOCore
import NIOPosix
import RESP

/// One Redis client per event loop of NIO's group, each connected on its own loop. A call made on an event loop
/// (where the gateway runs its requests) writes from that thread and its answer resumes on it: a round trip wakes
/// no thread but the one waiting. Calls made off the loops (tests, the command line) share the first client.
struct LoopLocalClients: Sendable {
    private let loops: [any EventLoop]
    /// Every client, the first being the one used off the loops.
    let all: [RESPClient]

    /// Makes a client for each loop of `group`; each connects on first use.
    init(configuration: RESPConfiguration, group: MultiThreadedEventLoopGroup = .singleton, logger: Logger) {
        let loops = Array(group.makeIterator())
        self.loops = loops
        all = loops.map { RESPClient(configuration: configuration, eventLoopGroup: $0, logger: logger) }
    }

    /// The client of the event loop this code runs on, or the first one off the loops.
    var current: RESPClient {
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop, let index = loops.firstIndex(where: { $0 === loop }) {
            return all[index]
        }
        return all[0]
    }

    /// Closes every client.
    func close() async {
        for client in all { await client.close() }
    }
}
