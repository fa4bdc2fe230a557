import APIKeys
import Foundation
import PostgresNIO
import PostgresStore
import RateLimits
import Testing

@Suite("PostgreSQL key store against a real server", .enabled(if: serverURL != nil))
struct PostgresKeyStoreTests {
    let scope = APIKeyScope(deployments: ["gpt-4o"], operations: [.chat])

    @Test("create, authenticate, list, update limits, rotate, revoke, suspend and unsuspend round-trip")
    func roundTrip() async throws {
        let database = try await TestDatabase.create()
        let store = try database.store()
        try await withReplicas([store]) {
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let issued = try await store.create(name: "team-a", scope: scope, expiresIn: 3600, now: now)
            #expect(try await store.authenticate(issued.secret, now: now).get().name == "team-a")
            #expect(try await store.authenticate(issued.secret, now: now.addingTimeInterval(3601)) == .failure(.init(code: .expired)))
            var wrong = issued.secret
            // One character changed inside the secret (not the last: its low bits are padding and may not count).
            let at = wrong.index(wrong.endIndex, offsetBy: -5)
            wrong.replaceSubrange(at...at, with: wrong[at] == "A" ? "B" : "A")
            #expect(try await store.authenticate(wrong, now: now) == .failure(.init(code: .unknown)))
            #expect(
                try await store.authenticate("bwk_000000000000_" + String(repeating: "A", count: 43), now: now)
                    == .failure(.init(code: .unknown)))
            #expect(try await store.authenticate("nonsense", now: now) == .failure(.init(code: .malformed)))
            #expect(try await store.list().map(\.prefix) == [issued.record.prefix])

            #expect(try await store.updateLimits(prefix: issued.record.prefix, limits: ["requests=5/60s"]))
            #expect(try await store.authenticate(issued.secret, now: now).get().scope.limits == ["requests=5/60s"])
            #expect(try await !store.updateLimits(prefix: "bwk_000000000000", limits: []))

            let replacement = try #require(try await store.rotate(prefix: issued.record.prefix, grace: 600, now: now))
            #expect(replacement.record.scope.limits == ["requests=5/60s"])
            #expect((try? await store.authenticate(issued.secret, now: now.addingTimeInterval(599)).get()) != nil)
            #expect(try await store.authenticate(issued.secret, now: now.addingTimeInterval(601)) == .failure(.init(code: .retired)))
            #expect((try? await store.authenticate(replacement.secret, now: now.addingTimeInterval(601)).get()) != nil)

            #expect(try await store.revoke(prefix: replacement.record.prefix, now: now))
            #expect(try await !store.revoke(prefix: replacement.record.prefix, now: now))
            #expect(try await store.authenticate(replacement.secret, now: now) == .failure(.init(code: .revoked)))

            try await store.suspend("bwk_aaaaaaaaaaaa", until: now.addingTimeInterval(60), reason: "abuse score 9", now: now)
            #expect(try await store.suspension(for: "bwk_aaaaaaaaaaaa", now: now)?.reason == "abuse score 9")
            #expect(try await store.suspension(for: "bwk_aaaaaaaaaaaa", now: now.addingTimeInterval(61)) == nil)
            #expect(try await store.suspensions(now: now).map(\.identity) == ["bwk_aaaaaaaaaaaa"])
            #expect(try await store.unsuspend("bwk_aaaaaaaaaaaa", now: now))
            #expect(try await store.suspension(for: "bwk_aaaaaaaaaaaa", now: now) == nil)
            #expect(try await !store.unsuspend("bwk_aaaaaaaaaaaa", now: now))
            #expect(await store.isReadable())
        }
    }

    @Test("the ledger records a batch in one statement, keeps the first of a repeated request id, and groups totals")
    func ledger() async throws {
        let database = try await TestDatabase.create()
        let store = try database.store()
        try await withReplicas([store]) {
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            func record(_ id: String, identity: String = "bwk_a", key: String? = "bwk_a", prompt: Int64 = 10, at time: Date = now)
                -> UsageRecord
            {
                UsageRecord(
                    requestID: id, time: time, identity: identity, keyPrefix: key, policy: key.map { "key \($0)" } ?? "policy p",
                    deployment: "gpt-4o", promptTokens: prompt, completionTokens: 5, microUSD: 100, status: 200)
            }
            try await store.record([
                record("r1"), record("r2", prompt: 20), record("r1", prompt: 999), record("e1", identity: "entra:oid", key: nil),
                record("old", at: now.addingTimeInterval(-86_400)),
            ])
            try await store.record([record("r2", prompt: 999)])
            let totals = try await store.totals(since: now)
            #expect(totals.count == 2)
            let key = try #require(totals.first { $0.keyPrefix == "bwk_a" })
            #expect(key.requests == 2 && key.promptTokens == 30 && key.completionTokens == 10 && key.microUSD == 200)
            let entra = try #require(totals.first { $0.identity == "entra:oid" })
            #expect(entra.keyPrefix == nil && entra.policy == "policy p" && entra.requests == 1)
        }
    }

    @Test("a pepper is part of the hash, and only a salted hash and the prefix are stored")
    func storedHash() async throws {
        let database = try await TestDatabase.create()
        let peppered = try PostgresKeyStore(location: database.location, password: database.password, pepper: Array("pepper".utf8))
        let plain = try database.store()
        try await withReplicas([peppered, plain]) {
            let issued = try await peppered.create(name: "k", scope: scope, expiresIn: nil)
            #expect((try? await peppered.authenticate(issued.secret).get()) != nil)
            #expect(try await plain.authenticate(issued.secret) == .failure(.init(code: .unknown)))
            let secretPart = String(issued.secret.split(separator: "_").last!)
            let dump = try await TestDatabase.admin(database.location) { connection in
                var text = ""
                for try await row in try await connection.query("SELECT row_to_json(k)::text FROM \"key\" k", logger: TestDatabase.quiet)
                    .decode(String.self)
                {
                    text += row
                }
                return text
            }
            #expect(dump.contains(issued.record.prefix))
            #expect(!dump.contains(secretPart))
        }
    }

    @Test("two replicas: a revocation, a limit update and a suspension made through one reach the other's memory within 3 s")
    func replicasSeeChanges() async throws {
        let database = try await TestDatabase.create()
        let first = try database.store(), second = try database.store()
        try await withReplicas([first, second]) {
            let issued = try await first.create(name: "shared", scope: scope, expiresIn: nil)
            // Both replicas now hold the key in memory.
            #expect((try? await first.authenticate(issued.secret).get()) != nil)
            #expect((try? await second.authenticate(issued.secret).get()) != nil)
            #expect(try await second.suspension(for: issued.record.prefix) == nil)

            let propagation = try await Self.measure(until: {
                try await second.authenticate(issued.secret).get().scope.limits == ["concurrent=1"]
            }) {
                _ = try await first.updateLimits(prefix: issued.record.prefix, limits: ["concurrent=1"])
            }
            #expect(propagation < .seconds(3), "limit update seen after \(propagation)")

            let suspension = try await Self.measure(until: { try await second.suspension(for: issued.record.prefix) != nil }) {
                try await first.suspend(issued.record.prefix, until: Date().addingTimeInterval(60), reason: "test")
            }
            #expect(suspension < .seconds(3), "suspension seen after \(suspension)")

            let revocation = try await Self.measure(until: {
                try await second.authenticate(issued.secret) == .failure(.init(code: .revoked))
            }) {
                _ = try await first.revoke(prefix: issued.record.prefix)
            }
            #expect(revocation < .seconds(3), "revocation seen after \(revocation)")
            print("replica propagation: limits \(propagation), suspension \(suspension), revocation \(revocation)")
        }
    }

    @Test("a revocation made by another process (as `bulwark keys revoke` does) reaches a replica's memory within 3 s")
    func outsideChange() async throws {
        let database = try await TestDatabase.create()
        let replica = try database.store()
        var commandOptions = TestDatabase.patient
        commandOptions.listens = false
        let command = try database.store(options: commandOptions)
        try await withReplicas([replica]) {
            let issued = try await replica.create(name: "k", scope: scope, expiresIn: nil)
            #expect((try? await replica.authenticate(issued.secret).get()) != nil)
            let elapsed = try await Self.measure(until: { try await replica.authenticate(issued.secret) == .failure(.init(code: .revoked)) }
            ) {
                _ = try await command.withRunning { try await $0.revoke(prefix: issued.record.prefix) }
            }
            // Milliseconds on a quiet machine (docs/gateway.md); the bound allows one starved by the rest of the suite.
            #expect(elapsed < .seconds(3), "revocation seen after \(elapsed)")
        }
    }

    @Test("three replicas migrating one empty database at once apply each step once")
    func concurrentMigration() async throws {
        let database = try await TestDatabase.create()
        let stores = try (0..<3).map { _ in try database.store() }
        try await withReplicas(stores) {
            let versions = try await TestDatabase.admin(database.location) { connection in
                var versions: [Int] = []
                for try await version in try await connection.query(
                    "SELECT version FROM bulwark_schema ORDER BY version", logger: TestDatabase.quiet
                )
                .decode(Int.self) {
                    versions.append(version)
                }
                return versions
            }
            #expect(versions == [1, 2, 3, 4])
            let issued = try await stores[0].create(name: "k", scope: scope, expiresIn: nil)
            #expect((try? await stores[2].authenticate(issued.secret).get()) != nil)
        }
        // And again, on a migrated database: nothing to do.
        try await database.store().withRunning { store in try await store.migrate() }
    }

    /// How long `check` takes to hold after `change` returned, polling every 5 ms for at most 5 s.
    static func measure(
        until check: () async throws -> Bool, after change: () async throws -> Void
    ) async throws -> Duration {
        try await change()
        let start = ContinuousClock.now
        while !(try await check()) {
            guard start.duration(to: .now) < .seconds(5) else { return .seconds(5) }
            try await Task.sleep(for: .milliseconds(5))
        }
        return start.duration(to: .now)
    }
}
