import APIKeys
import Foundation
import PostgresNIO
import PostgresStore
import Testing

@Suite("PostgreSQL key store while PostgreSQL cannot be reached", .enabled(if: serverURL != nil))
struct PostgresOutageTests {
    /// The replica's role is refused at login and its sessions ended: to that replica, PostgreSQL is down.
    static func cut(_ role: String, server: PostgresLocation, refuse: Bool) async throws {
        try await TestDatabase.admin(server) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "ALTER ROLE \(role) \(refuse ? "NOLOGIN" : "LOGIN")"), logger: TestDatabase.quiet)
            if refuse {
                try await connection.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = \(role)", logger: TestDatabase.quiet)
            }
        }
    }

    @Test("keys in memory keep working for the staleness bound, then fail closed; unknown keys fail at once, not hang")
    func outage() async throws {
        let role = "bulwark_outage_\(UInt32.random(in: 0...UInt32.max))"
        let database = try await TestDatabase.create(owner: (role, "outage-password"))
        var options = PostgresKeyStore.Options()
        // Generous bounds: the suite shares two cores with every other test.
        options.staleness = .seconds(12)
        options.heartbeat = .milliseconds(200)
        options.timeout = .seconds(2)
        let store = try database.store(options: options, user: role, password: "outage-password")
        var server = database.location
        server.database = "postgres"
        let scope = APIKeyScope(deployments: ["gpt-4o"])
        try await withReplicas([store]) {
            let cached = try await store.create(name: "cached", scope: scope, expiresIn: nil)
            let uncached = try await store.create(name: "uncached", scope: scope, expiresIn: nil)
            #expect((try? await store.authenticate(cached.secret).get()) != nil)
            // The notifications of the two creations can reach the listener after that lookup and drop the key from
            // memory again (as they should): let them land, then look it up once more so it is in memory at the cut.
            try await Task.sleep(for: .seconds(2))
            #expect((try? await store.authenticate(cached.secret).get()) != nil)

            try await Self.cut(role, server: server, refuse: true)
            let cutAt = ContinuousClock.now
            // Served from memory: no database round trip.
            #expect((try? await store.authenticate(cached.secret).get()) != nil)
            let start = ContinuousClock.now
            await #expect(throws: KeyStoreError.self) { try await store.authenticate(uncached.secret) }
            #expect(start.duration(to: .now) < .seconds(8), "an unknown key's lookup gives up after the timeout")
            #expect(await !store.isReadable())

            // Past the bound, memory is not believed: deny rather than serve a possibly revoked key.
            try await Task.sleep(until: cutAt + .milliseconds(12_500))
            await #expect(throws: KeyStoreError.self) { try await store.authenticate(cached.secret) }

            try await Self.cut(role, server: server, refuse: false)
            let deadline = ContinuousClock.now + .seconds(10)
            while (try? await store.authenticate(cached.secret).get()) == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect((try? await store.authenticate(cached.secret).get()) != nil, "back once PostgreSQL is")
        }
    }
}
