import AsyncHTTPClient
import EventLoopAffinity
import NIOCore
import NIOPosix
import Testing

@testable import Gateway

@Suite("Upstream clients per event loop")
struct UpstreamClientsTests {
    @Test("code on an event loop gets the client of that loop, whose only loop it is; code off the loops gets the first")
    func clientOfTheCurrentLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 3)
        let clients = UpstreamClients(perLoopOf: group, configuration: GatewayApplication.httpClientConfiguration())
        #expect(clients.all.count == 3)
        for loop in group.makeIterator() {
            let picked = try await loop.submit { clients.current }.get()
            #expect(picked.eventLoopGroup as AnyObject === loop as AnyObject)
            #expect(picked.eventLoopGroup.next() as AnyObject === loop as AnyObject)
        }
        #expect(clients.current === clients.all[0])
        await clients.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("one value per loop, made in the group's order; a loop of another group, or no loop, gets the first")
    func perEventLoopValues() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loops = Array(group.makeIterator())
        var made = 0
        let values = PerEventLoop(group: group) { loop in
            defer { made += 1 }
            return "\(made) \(ObjectIdentifier(loop) == ObjectIdentifier(loops[made]))"
        }
        #expect(values.all == ["0 true", "1 true"])
        #expect(try await loops[1].submit { values.current }.get() == "1 true")
        #expect(try await other.next().submit { values.current }.get() == "0 true")
        #expect(values.current == "0 true")
        try await group.shutdownGracefully()
        try await other.shutdownGracefully()
    }

    @Test("a shared client is every loop's client")
    func sharedClient() async throws {
        let clients = UpstreamClients(shared: .shared)
        let picked = try await MultiThreadedEventLoopGroup.singleton.next().submit { clients.current }.get()
        #expect(picked === HTTPClient.shared)
    }
}
