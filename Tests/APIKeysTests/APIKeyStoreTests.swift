import Foundation
import Testing
@testable import APIKeys

@Suite("API key store")
struct APIKeyStoreTests {
    static func temporaryStore(pepper: [UInt8]? = nil) throws -> (APIKeyStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-keys-\(UUID().uuidString).db").path
        return (try APIKeyStore(location: "sqlite:" + path, pepper: pepper), path)
    }

    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let scope = APIKeyScope(deployments: ["gpt-4o"], operations: [.chat], regions: ["eu"])

    @Test("a created key authenticates, and the store holds only its prefix and a salted hash")
    func createAndAuthenticate() throws {
        let (store, path) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let issued = try store.create(name: "team-a", scope: scope, expiresIn: nil, now: now)
        #expect(issued.secret.hasPrefix(issued.record.prefix + "_"))
        #expect(issued.secret.count == "bwk_".count + 12 + 1 + 43)
        let result = try store.authenticate(issued.secret, now: now)
        #expect((try? result.get())?.name == "team-a")
        #expect((try? result.get())?.scope == scope)
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let secretPart = String(issued.secret.split(separator: "_", maxSplits: 2)[2])
        #expect(file.range(of: Data(secretPart.utf8)) == nil, "the secret is never stored")
        #expect(try store.list().map(\.prefix) == [issued.record.prefix])
    }

    @Test(
        "wrong, malformed, revoked, expired and rotated keys are refused with a reason code",
        arguments: [
            "wrong", "malformed", "revoked", "expired", "rotated",
        ])
    func rejections(kind: String) throws {
        let (store, path) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let issued = try store.create(name: "k", scope: scope, expiresIn: 3600, now: now)
        var presented = issued.secret
        var at = now
        let expected: APIKeyRejection.Code
        switch kind {
        case "wrong":
            // Change a character well inside the secret (the last one also carries padding bits).
            var characters = Array(presented)
            let index = characters.count - 10
            characters[index] = characters[index] == "A" ? "B" : "A"
            presented = String(characters)
            expected = .unknown
        case "malformed":
            presented = "sk-not-a-bulwark-key"
            expected = .malformed
        case "revoked":
            #expect(try store.revoke(prefix: issued.record.prefix, now: now))
            expected = .revoked
        case "expired":
            at = now.addingTimeInterval(3601)
            expected = .expired
        default:
            let replacement = try #require(try store.rotate(prefix: issued.record.prefix, grace: 600, now: now))
            #expect(
                (try? store.authenticate(issued.secret, now: now.addingTimeInterval(599)).get()) != nil,
                "the old key works during the grace period")
            #expect((try? store.authenticate(replacement.secret, now: now.addingTimeInterval(601)).get()) != nil)
            at = now.addingTimeInterval(601)
            expected = .retired
        }
        let result = try store.authenticate(presented, now: at)
        guard case .failure(let rejection) = result else { Issue.record("\(kind) was accepted"); return }
        #expect(rejection.code == expected)
        #expect(!rejection.description.contains(presented), "the key is never echoed")
    }

    @Test("an unknown prefix and a wrong secret get the same answer")
    func noOracle() throws {
        let (store, path) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let issued = try store.create(name: "k", scope: scope, expiresIn: nil, now: now)
        let otherPrefix = "bwk_000000000000_" + issued.secret.split(separator: "_", maxSplits: 2)[2]
        #expect(try store.authenticate(otherPrefix, now: now) == .failure(APIKeyRejection(code: .unknown)))
    }

    @Test("a pepper is part of the hash: keys verify only with the same pepper")
    func pepper() throws {
        let (store, path) = try Self.temporaryStore(pepper: Array("pepper-one".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let issued = try store.create(name: "k", scope: scope, expiresIn: nil, now: now)
        #expect((try? store.authenticate(issued.secret, now: now).get()) != nil)
        let other = try APIKeyStore(location: path, pepper: Array("pepper-two".utf8))
        #expect(try other.authenticate(issued.secret, now: now) == .failure(APIKeyRejection(code: .unknown)))
    }

    @Test("last use is recorded, at most once a minute")
    func lastUsed() throws {
        let (store, path) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let issued = try store.create(name: "k", scope: scope, expiresIn: nil, now: now)
        _ = try store.authenticate(issued.secret, now: now)
        _ = try store.authenticate(issued.secret, now: now.addingTimeInterval(30))
        #expect(try store.list().first?.lastUsedAt == now)
        _ = try store.authenticate(issued.secret, now: now.addingTimeInterval(61))
        #expect(try store.list().first?.lastUsedAt == now.addingTimeInterval(61))
    }

    @Test("scopes deny by default and allow * only when written")
    func scopes() {
        #expect(!APIKeyScope(deployments: []).grant(named: "key").allows(deployment: "gpt-4o", operation: .chat))
        #expect(APIKeyScope(deployments: ["GPT-4o"]).grant(named: "key").allows(deployment: "gpt-4o", operation: .chat))
        #expect(
            !APIKeyScope(deployments: ["gpt-4o"], operations: [.embeddings]).grant(named: "key").allows(
                deployment: "gpt-4o", operation: .chat))
        #expect(APIKeyScope(deployments: ["*"]).grant(named: "key").allows(deployment: "anything", operation: .embeddings))
    }

    @Test("a key's own limits are stored with it and replaced by updateLimits; keys without limits are stored as before")
    func limits() throws {
        let (store, path) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var limited = scope
        limited.limits = ["requests=50/60s", "concurrent=4"]
        let issued = try store.create(name: "k", scope: limited, expiresIn: nil, now: now)
        #expect(try store.list().first?.scope.limits == ["requests=50/60s", "concurrent=4"])
        #expect(try store.updateLimits(prefix: issued.record.prefix, limits: ["requests=9/1h"]))
        #expect((try? store.authenticate(issued.secret, now: now).get())?.scope.limits == ["requests=9/1h"])
        #expect(try !store.updateLimits(prefix: "bwk_000000000000", limits: []))
        let plain = String(decoding: try JSONEncoder().encode(scope), as: UTF8.self)
        #expect(!plain.contains("limits"), "a scope without limits encodes as it did before limits existed")
        let old = #"{"deployments":["d"],"operations":["chat"],"regions":[]}"#
        #expect(try JSONDecoder().decode(APIKeyScope.self, from: Data(old.utf8)).limits.isEmpty)
    }
}
