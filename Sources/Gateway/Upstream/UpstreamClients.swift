public import AsyncHTTPClient
import EventLoopAffinity
public import NIOPosix

/// The HTTP clients requests are forwarded with: one per event loop of NIO's shared group, each with that loop as its
/// only event loop, so a request handled on a loop is sent on a connection of the same loop. One client for the whole
/// group prefers the caller's loop but leases whichever idle connection it has: under load, a request on one loop
/// was often sent on a connection of the other, and each such request woke that loop to write it (and to cancel the
/// connection's idle timer), then was woken back with the answer.
///
/// Each loop's client keeps its own pool, so up to one connection per loop more is opened to an upstream. Callers off
/// the loops (tests, start-up) use the first client; a gateway built around one client (tests) uses it everywhere.
public struct UpstreamClients: Sendable {
    private enum Clients: Sendable {
        case shared(HTTPClient)
        case perLoop(PerEventLoop<HTTPClient>)
    }

    private let clients: Clients

    /// One client for every caller: for tests, and wherever the caller owns the client's shutdown.
    public init(shared client: HTTPClient) {
        clients = .shared(client)
    }

    /// One client per loop of `group`, each configured like `configuration`. ``shutdown()`` stops them.
    public init(perLoopOf group: MultiThreadedEventLoopGroup = .singleton, configuration: HTTPClient.Configuration) {
        clients = .perLoop(PerEventLoop(group: group) { loop in HTTPClient(eventLoopGroup: loop, configuration: configuration) })
    }

    /// Every client, the fallback first.
    public var all: [HTTPClient] {
        switch clients {
        case .shared(let client): [client]
        case .perLoop(let clients): clients.all
        }
    }

    /// The client of the loop this code runs on, or the first one off the loops.
    var current: HTTPClient {
        switch clients {
        case .shared(let client): client
        case .perLoop(let clients): clients.current
        }
    }

    /// Shuts every client down; the requests they still carry fail.
    public func shutdown() async {
        for client in all { try? await client.shutdown() }
    }
}
