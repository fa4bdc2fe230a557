import AsyncHTTPClient
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

    @Test("a shared client is every loop's client")
    func sharedClient() async throws {
        let clients = UpstreamClients(shared: .shared)
        let picked = try await MultiThreadedEventLoopGroup.singleton.next().submit { clients.current }.get()
        #expect(picked === HTTPClient.shared)
    }
}
