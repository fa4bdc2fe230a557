import APIKeys
import Foundation
import ScanTesting
import Testing

extension CommandLineTests {
    @Test("keys: a store that does not exist is refused except by create, which says how; nothing is created")
    func missingKeyStore() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/missing.db"
        for command in [["keys", "list"], ["keys", "suspensions"], ["keys", "revoke", "bwk_000000000000"], ["usage"]] {
            let result = try run(command + ["--store", "sqlite:" + path])
            #expect(result.status == 2, "\(command)")
            #expect(result.error.contains("there is no key store at \(path); `bulwark keys create --store sqlite:\(path) ...` creates one"))
        }
        #expect(!FileManager.default.fileExists(atPath: path), "refusing did not create the database")
        let inMissingFolder = try run([
            "keys", "create", "--store", "sqlite:\(folder.path)/nope/keys.db", "--name", "a", "--deployments", "d",
        ])
        #expect(inMissingFolder.status == 2 && inMissingFolder.error.contains("the folder \(folder.path)/nope does not exist"))
        #expect(try run(["keys", "create", "--store", "sqlite:" + path, "--name", "a", "--deployments", "d"]).status == 0)
        #expect(try run(["keys", "list", "--store", "sqlite:" + path]).status == 0)
    }

    @Test("keys create: --expires is capped at 3650d, and --regions takes only Azure regions and geographies")
    func keyCreateBounds() throws {
        let folder = try TemporaryFolder()
        let store = "sqlite:" + folder.path + "/keys.db"
        let forever = try run(["keys", "create", "--store", store, "--name", "a", "--deployments", "d", "--expires", "99999999999d"])
        #expect(forever.status == 2 && forever.error.contains("a key may live at most 3650 days (10 years)"))
        #expect(try run(["keys", "create", "--store", store, "--name", "a", "--deployments", "d", "--expires", "3650d"]).status == 0)
        let mars = try run(["keys", "create", "--store", store, "--name", "a", "--deployments", "d", "--regions", "eu,mars"])
        #expect(mars.status == 2 && mars.error.contains("--regions: 'mars' is not an Azure region"))
        let typo = try run(["keys", "create", "--store", store, "--name", "a", "--deployments", "d", "--regions", "swedencentrl"])
        #expect(typo.status == 2 && typo.error.contains("did you mean swedencentral?"))
        #expect(try run(["keys", "create", "--store", store, "--name", "a", "--deployments", "d", "--regions", "eu,eastus"]).status == 0)
    }

    @Test("keys rotate: --grace is capped at 30d with a clear error; the new key keeps the old key's lineage in keys list")
    func keyRotateGrace() throws {
        let folder = try TemporaryFolder()
        let store = "sqlite:" + folder.path + "/keys.db"
        let created = try run(["keys", "create", "--store", store, "--name", "team", "--deployments", "gpt-4o"])
        let prefix = try #require(created.output.split(separator: " ").dropFirst().first.map(String.init))
        let long = try run(["keys", "rotate", "--store", store, prefix, "--grace", "31d"])
        #expect(long.status == 2)
        #expect(long.error.contains("--grace 31d: the old secret may keep working at most 30 days after a rotation; give 30d or less"))
        #expect(!long.output.contains("rotated"), "nothing was rotated")
        let rotated = try run(["keys", "rotate", "--store", store, prefix, "--grace", "30d"])
        #expect(rotated.status == 0 && rotated.output.contains("lineage \(prefix)"))
        let listed = try run(["keys", "list", "--store", store, "--format", "json"])
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
        #expect(keys.count == 2 && keys.allSatisfy { $0["lineage"] as? String == prefix })
        #expect(try run(["keys", "list", "--store", store]).output.components(separatedBy: "lineage=\(prefix)").count == 3)

        // Suspensions are by lineage: the new key's prefix lifts the suspension its lineage carries.
        let newPrefix = try #require(
            (keys.compactMap { $0["prefix"] as? String }.first { $0 != prefix }))
        try APIKeyStore(location: folder.path + "/keys.db").suspend(prefix, until: Date().addingTimeInterval(600), reason: "test")
        let lifted = try run(["keys", "unsuspend", "--store", store, newPrefix])
        #expect(lifted.status == 0 && lifted.output.contains("lineage \(prefix)"), "\(lifted.output)\(lifted.error)")
        #expect(try APIKeyStore(location: folder.path + "/keys.db").suspensions().isEmpty)
    }

    @Test("keys list and suspensions: empty says so on standard error; --format json is an array without secrets")
    func keyListings() throws {
        let folder = try TemporaryFolder()
        let store = "sqlite:" + folder.path + "/keys.db"
        let created = try run(["keys", "create", "--store", store, "--name", "team", "--deployments", "gpt-4o", "--regions", "eu"])
        let secret = try #require(created.output.split(separator: "\n").last.map(String.init))
        let listed = try run(["keys", "list", "--store", store, "--format", "json"])
        #expect(listed.status == 0)
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
        #expect(keys.count == 1)
        #expect(
            Set(keys[0].keys) == [
                "prefix", "lineage", "name", "state", "deployments", "operations", "regions", "clientIPs", "limits", "createdAt",
                "expiresAt", "retiresAt", "revokedAt", "lastUsedAt",
            ])
        #expect(keys[0]["state"] as? String == "active" && keys[0]["regions"] as? [String] == ["eu"])
        #expect(!listed.output.contains(secret) && !listed.output.contains(String(secret.dropFirst("bwk_".count + 13))))
        let none = try run(["keys", "suspensions", "--store", store])
        #expect(none.status == 0 && none.output.isEmpty && none.error.contains("no suspensions in force"))
        let noSuspensions = try run(["keys", "suspensions", "--store", store, "--format", "json"]).output
        #expect((try JSONSerialization.jsonObject(with: Data(noSuspensions.utf8)) as? [Any])?.isEmpty == true)
        let empty = folder.path + "/empty.db"
        _ = try APIKeyStore(location: empty)
        let listedEmpty = try run(["keys", "list", "--store", "sqlite:" + empty])
        #expect(listedEmpty.status == 0 && listedEmpty.output.isEmpty && listedEmpty.error == "bulwark: no keys in sqlite:\(empty)\n")
        let emptyJSON = try run(["keys", "list", "--store", "sqlite:" + empty, "--format", "json"]).output
        #expect((try JSONSerialization.jsonObject(with: Data(emptyJSON.utf8)) as? [Any])?.isEmpty == true)
    }
}
