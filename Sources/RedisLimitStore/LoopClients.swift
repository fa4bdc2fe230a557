import EventLoopAffinity
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
    private let clients: PerEventLoop<RESPClient>

    init(configuration: RESPConfiguration, group: MultiThreadedEventLoopGroup = .singleton, logger: Logger) {
        clients = PerEventLoop(group: group) { loop in RESPClient(configuration: configuration, eventLoopGroup: loop, logger: logger) }
    }

    /// Every client, the fallback first.
    var all: [RESPClient] { clients.all }

    /// The client of the loop this code runs on, or the first one off the loops.
    var current: RESPClient { clients.current }

    func close() async {
        for client in all { await client.close() }
    }
}
