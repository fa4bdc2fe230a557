import APIKeys
import Foundation
import RateLimits
import Testing

@Suite("SQLite usage ledger")
struct UsageLedgerTests {
    static func record(
        _ id: String, at time: Date, identity: String = "bwk_aaaaaaaaaaaa", key: String? = "bwk_aaaaaaaaaaaa",
        deployment: String = "gpt-4o", prompt: Int64 = 10, completion: Int64 = 5, microUSD: Int64 = 100
    ) -> UsageRecord {
        UsageRecord(
            requestID: id, time: time, identity: identity, keyPrefix: key, policy: key.map { "key \($0)" } ?? "policy readers",
            deployment: deployment, promptTokens: prompt, completionTokens: completion, microUSD: microUSD, status: 200)
    }

    @Test("recording a request id twice counts it once")
    func idempotent() async throws {
        let (store, path) = try APIKeyStoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let ledger: any UsageLedger = store
        try await ledger.record(Self.record("r1", at: now))
        try await ledger.record(Self.record("r1", at: now, prompt: 999))
        let totals = try await ledger.totals(since: now.addingTimeInterval(-1))
        #expect(totals.count == 1)
        #expect(totals.first?.requests == 1)
        #expect(totals.first?.promptTokens == 10)
    }

    @Test("totals group by identity, key, policy and deployment, and count only records at or after since")
    func grouping() async throws {
        let (store, path) = try APIKeyStoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.record(Self.record("old", at: now.addingTimeInterval(-86_400)))
        try await store.record(Self.record("a1", at: now))
        try await store.record(Self.record("a2", at: now.addingTimeInterval(5), prompt: 20, completion: 10, microUSD: 300))
        try await store.record(Self.record("a3", at: now, deployment: "text-embedding-3-small", prompt: 7, completion: 0, microUSD: 1))
        try await store.record(Self.record("e1", at: now, identity: "entra:0000", key: nil, microUSD: 50))
        let totals = try store.totals(since: now)
        #expect(totals.count == 3)
        let gpt = try #require(totals.first { $0.keyPrefix == "bwk_aaaaaaaaaaaa" && $0.deployment == "gpt-4o" })
        #expect(gpt.requests == 2)
        #expect(gpt.promptTokens == 30)
        #expect(gpt.completionTokens == 15)
        #expect(gpt.totalTokens == 45)
        #expect(gpt.microUSD == 400)
        #expect(gpt.policy == "key bwk_aaaaaaaaaaaa")
        let entra = try #require(totals.first { $0.keyPrefix == nil })
        #expect(entra.identity == "entra:0000")
        #expect(entra.policy == "policy readers")
        #expect(try store.totals(since: now.addingTimeInterval(-86_400)).reduce(0) { $0 + $1.requests } == 5)
        #expect(try store.totals(since: now.addingTimeInterval(6)).isEmpty)
    }

    @Test("a key file from before the ledger gains the usage table and keeps its keys")
    func migratesOldFile() throws {
        let (store, path) = try APIKeyStoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let issued = try store.create(name: "k", scope: APIKeyScope(deployments: ["*"]), expiresIn: nil)
        let reopened = try APIKeyStore(location: path)
        #expect(try reopened.list().map(\.prefix) == [issued.record.prefix])
        #expect(try reopened.totals(since: .distantPast).isEmpty)
    }
}

@Suite("Key store locations")
struct KeyStoreLocationTests {
    @Test("sqlite:PATH and plain paths are SQLite; postgres:// and postgresql:// are PostgreSQL")
    func kinds() throws {
        #expect(try KeyStoreLocation("sqlite:keys.db") == .sqlite(path: "keys.db"))
        #expect(try KeyStoreLocation("/var/lib/keys.db") == .sqlite(path: "/var/lib/keys.db"))
        #expect(try KeyStoreLocation("sqlite:data:v1.db") == .sqlite(path: "data:v1.db"), "a colon in a path needs sqlite: first")
        guard case .postgres(let local) = try KeyStoreLocation("postgres://bulwark@127.0.0.1:5433/keys") else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(local == PostgresLocation(host: "127.0.0.1", port: 5433, user: "bulwark", database: "keys", tls: .disable))
        guard case .postgres(let remote) = try KeyStoreLocation("postgresql://bulwark@db.example.net/keys") else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(remote.port == 5432)
        #expect(remote.tls == .verifyFull, "TLS with full verification away from loopback unless told otherwise")
        guard case .postgres(let required) = try KeyStoreLocation("postgres://u@db/keys?sslmode=require&sslrootcert=/etc/ca.pem")
        else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(required.tls == .require)
        #expect(required.rootCertificatePath == "/etc/ca.pem")
        #expect(required.description == "postgres://u@db:5432/keys?sslmode=require")
        guard case .postgres(let address) = try KeyStoreLocation("postgres://u@10.0.0.5/keys?sslmode=require") else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(address.tls == .require, "an address away from loopback needs sslmode written: require verifies its chain")
        guard case .postgres(let named) = try KeyStoreLocation("postgres://u@127.db.example.com/keys") else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(named.tls == .verifyFull, "a host name that starts with 127. is a name, not loopback: TLS stays on")
    }

    @Test("a password, a missing user, an unknown sslmode or parameter are refused without repeating the location")
    func refusals() {
        for text in [
            "postgres://bulwark:s3cret@db/keys", "postgres://db/keys", "postgres://u@db/keys?sslmode=prefer",
            "postgres://u@db/keys?password=s3cret", "mysql://u@db/keys", "sqlite:", "postgress:/db/keys", "redis:keys",
            "postgres://u@10.0.0.5/keys",
            "postgres://u@127.0.0.1/keys?sslmode=verify-full",
        ] {
            #expect(throws: KeyStoreError.self) { try KeyStoreLocation(text) }
            do { _ = try KeyStoreLocation(text) } catch {
                #expect(!error.description.contains("s3cret"))
                #expect(error.code == .invalidLocation)
            }
        }
    }
}
