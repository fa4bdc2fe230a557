import APIKeys
import Foundation
import GatewayTesting
import PostgresStore
import Testing

/// What every key store does with lineages, SQLite and PostgreSQL alike: a created key starts a lineage, a rotated
/// key inherits it and with it the objects owned by it, and a key created later starts another.
func checkLineageContract(_ keys: any KeyStore, _ owners: any ObjectOwnershipStore) async throws {
    let now = Date()
    let scope = APIKeyScope(deployments: ["gpt-4o"])
    let a = try await keys.create(name: "a", scope: scope, expiresIn: nil, now: now)
    #expect(a.record.lineage == a.record.prefix, "a created key starts its own lineage")
    let id = "resp_\(UUID().uuidString)"
    try await owners.recordOwner(OwnedObject(kind: .response, id: id, owner: a.record.lineage, upstream: "eu", createdAt: now))
    let b = try #require(try await keys.rotate(prefix: a.record.prefix, grace: 60, now: now))
    let authenticated = try await keys.authenticate(b.secret, now: now).get()
    #expect(authenticated.lineage == a.record.prefix, "the rotated key's lineage is stored, not only returned")
    #expect(try await owners.object(.response, id: id, ownedBy: authenticated.lineage) != nil)
    #expect(try await owners.objects(.response, ownedBy: authenticated.lineage).map(\.id) == [id])
    let c = try await keys.create(name: "a", scope: scope, expiresIn: nil, now: now)
    #expect(c.record.lineage == c.record.prefix, "a key created later, even with the same name, starts another lineage")
    #expect(try await owners.object(.response, id: id, ownedBy: c.record.lineage) == nil)
    #expect(try await owners.objects(.response, ownedBy: c.record.lineage).isEmpty)
    #expect(try await keys.revoke(prefix: a.record.prefix, now: now))
    #expect(try await keys.authenticate(b.secret, now: now).get().lineage == a.record.prefix, "revoking A does not end the lineage")
    let d = try #require(try await keys.rotate(prefix: b.record.prefix, grace: 60, now: now))
    let listed = try await keys.list().filter { [a, b, c, d].map(\.record.prefix).contains($0.prefix) }
    #expect(
        Dictionary(uniqueKeysWithValues: listed.map { ($0.prefix, $0.lineage) }) == [
            a.record.prefix: a.record.prefix, b.record.prefix: a.record.prefix, d.record.prefix: a.record.prefix,
            c.record.prefix: c.record.prefix,
        ])
}

private let postgresURL = ProcessInfo.processInfo.environment["BULWARK_POSTGRES_URL"]

@Suite("A rotated key keeps its stored objects")
struct KeyRotationOwnershipTests {
    @Test("SQLite: rotation keeps the lineage and the objects it owns; another lineage sees none")
    func sqliteLineage() async throws {
        let folder = try TemporaryFolder("lineage")
        defer { folder.remove() }
        let store = try APIKeyStore(location: folder.path("keys.db"))
        try await checkLineageContract(store, store)
    }

    @Test(
        "PostgreSQL: the same contract (Scripts/postgres-for-tests.sh start)",
        .enabled(if: postgresURL != nil, "BULWARK_POSTGRES_URL is not set: no PostgreSQL to test against"))
    func postgresLineage() async throws {
        let url = try #require(postgresURL)
        let environment = ["PGPASSWORD": ProcessInfo.processInfo.environment["BULWARK_POSTGRES_PASSWORD"] ?? ""]
        let opened = try KeyStores.open(url, pepper: nil, environment: environment, options: PostgresGatewayFixture.patientOptions)
        let service = try #require(opened.service)
        try await opened.withRunning { _ in try await checkLineageContract(service, service) }
    }

    @Test("through the gateway: after `keys rotate` the new key reads, lists and deletes the old response and file; others get 404")
    func gatewayRotation() async throws {
        try await RouteTestGateway.run { gateway in
            let scope = APIKeyScope(deployments: ["gpt-4o"], operations: [.responses, .files, .chat])
            let a = try gateway.store.create(name: "team", scope: scope, expiresIn: nil)
            let other = try gateway.key(["gpt-4o"], operations: [.responses, .files, .chat])
            let created = try await gateway.call(.post, "/openai/v1/responses", key: a.secret, json: #"{"model":"gpt-4o","input":"hi"}"#)
            #expect(created.status == 200)
            let response = try #require(try RouteTestGateway.json(created.body)["id"] as? String)
            let file = try await StoredObjectRouteTests.upload(gateway, key: a.secret)

            let b = try #require(try gateway.store.rotate(prefix: a.record.prefix, grace: 60))
            #expect(try await gateway.call(.get, "/openai/v1/responses/\(response)", key: b.secret).status == 200)
            #expect(try StoredObjectRouteTests.ids(try await gateway.call(.get, "/openai/v1/files", key: b.secret).body) == [file])
            let followUp = try await gateway.call(
                .post, "/openai/v1/responses", key: b.secret,
                json: #"{"model":"gpt-4o","input":"and then?","previous_response_id":"\#(response)"}"#)
            #expect(followUp.status == 200, "the new key may continue the old key's conversation")
            #expect(try await gateway.call(.get, "/openai/v1/responses/\(response)", key: a.secret).status == 200, "A works in its grace")

            let before = gateway.forwarded
            #expect(try await gateway.call(.get, "/openai/v1/responses/\(response)", key: other).status == 404)
            #expect(try await gateway.call(.get, "/openai/v1/files/\(file)", key: other).status == 404)
            #expect(try StoredObjectRouteTests.ids(try await gateway.call(.get, "/openai/v1/files", key: other).body).isEmpty)
            #expect(gateway.forwarded == before, "nothing of the other key's calls reached the upstream")

            #expect(try gateway.store.revoke(prefix: a.record.prefix))
            #expect(try await gateway.call(.get, "/openai/v1/responses/\(response)", key: a.secret).status == 401)
            #expect(try await gateway.call(.delete, "/openai/v1/files/\(file)", key: b.secret).status == 200)
            #expect(try StoredObjectRouteTests.ids(try await gateway.call(.get, "/openai/v1/files", key: b.secret).body).isEmpty)
        }
    }

    @Test("a rotated key inherits its lineage's suspension and its own limits' counters: rotating escapes neither")
    func rotationKeepsSuspensionAndCounters() async throws {
        try await RouteTestGateway.run(abuse: "{ threshold: 3, blockPoints: 1, halfLifeSeconds: 60, suspendSeconds: 600 }") { gateway in
            let chat = #"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"#
            let limited = APIKeyScope(deployments: ["gpt-4o"], operations: [.chat], limits: ["requests=2/60s"])
            let a = try gateway.store.create(name: "limited", scope: limited, expiresIn: nil)
            #expect(try await gateway.call(.post, "/openai/v1/chat/completions", key: a.secret, json: chat).status == 200)
            #expect(try await gateway.call(.post, "/openai/v1/chat/completions", key: a.secret, json: chat).status == 200)
            let b = try #require(try gateway.store.rotate(prefix: a.record.prefix, grace: 60))
            #expect(
                try await gateway.call(.post, "/openai/v1/chat/completions", key: b.secret, json: chat).status == 429,
                "the new key counts on the lineage's window")

            let c = try gateway.store.create(name: "suspended", scope: APIKeyScope(deployments: ["gpt-4o"]), expiresIn: nil)
            try gateway.store.suspend(c.record.prefix, until: Date().addingTimeInterval(600), reason: "blocked prompts")
            let d = try #require(try gateway.store.rotate(prefix: c.record.prefix, grace: 60))
            let refused = try await gateway.call(.post, "/openai/v1/chat/completions", key: d.secret, json: chat)
            #expect(refused.status == 403)
            #expect(refused.body.contains("identity_suspended"), "\(refused.body)")
        }
    }
}
