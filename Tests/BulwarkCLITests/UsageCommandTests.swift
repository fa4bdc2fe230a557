import APIKeys
import Foundation
import RateLimits
import ScanTesting
import Testing

/// `bulwark usage` end to end, on a SQLite ledger the test fills; and the keys commands on PostgreSQL when the
/// test server runs.
@Suite("bulwark usage and keys on each store")
struct UsageCommandTests {
    let cli = CommandLineTests()

    /// A key file whose ledger holds two keys' and one token caller's requests from the last day, and one old one.
    static func ledger(in folder: TemporaryFolder) throws -> String {
        let path = folder.path + "/keys.db"
        let store = try APIKeyStore(location: path)
        let now = Date()
        func record(
            _ id: String, _ identity: String, _ key: String?, _ deployment: String, _ prompt: Int64, _ micro: Int64, ago: Double = 60
        )
            throws
        {
            try store.record(
                UsageRecord(
                    requestID: id, time: now.addingTimeInterval(-ago), identity: identity, keyPrefix: key, policy: "p",
                    deployment: deployment,
                    promptTokens: prompt, completionTokens: 10, microUSD: micro, status: 200))
        }
        try record("1", "bwk_aaaaaaaaaaaa", "bwk_aaaaaaaaaaaa", "gpt-4o", 100, 2_500_000)
        try record("2", "bwk_aaaaaaaaaaaa", "bwk_aaaaaaaaaaaa", "embed", 50, 10_000)
        try record("3", "bwk_bbbbbbbbbbbb", "bwk_bbbbbbbbbbbb", "gpt-4o", 900, 0)
        try record("4", "entra:1111", nil, "gpt-4o", 10, 5)
        try record("5", "bwk_bbbbbbbbbbbb", "bwk_bbbbbbbbbbbb", "gpt-4o", 1, 99_000_000, ago: 40 * 86_400)
        return "sqlite:" + path
    }

    @Test("usage prints a table by key with a total line, sorted by cost then tokens; --since limits the window")
    func table() throws {
        let folder = try TemporaryFolder()
        let store = try Self.ledger(in: folder)
        let result = try cli.run(["usage", "--store", store])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("key") == true)
        #expect(lines.dropFirst().first?.hasPrefix("bwk_aaaaaaaaaaaa") == true)
        #expect(lines[2].hasPrefix("(no key)"), "a cost of 0.000005 sorts before more tokens at no cost")
        #expect(lines[3].hasPrefix("bwk_bbbbbbbbbbbb"))
        #expect(lines.last?.hasPrefix("total") == true)
        #expect(lines.last?.hasSuffix("2.510005") == true)
        let wider = try cli.run(["usage", "--store", store, "--since", "60d", "--by", "identity"])
        #expect(wider.output.split(separator: "\n").last?.hasSuffix("101.510005") == true)
        #expect(wider.output.contains("entra:1111"))
    }

    @Test("usage --format json and csv, grouped by deployment")
    func formats() throws {
        let folder = try TemporaryFolder()
        let store = try Self.ledger(in: folder)
        let json = try cli.run(["usage", "--store", store, "--by", "deployment", "--format", "json"])
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(rows.map { $0["group"] as? String } == ["gpt-4o", "embed"])
        #expect(rows.first?["requests"] as? Int == 3)
        #expect(rows.first?["totalTokens"] as? Int == 1040)
        let csv = try cli.run(["usage", "--store", store, "--by", "deployment", "--format", "csv"])
        #expect(
            csv.output == """
                deployment,requests,prompt_tokens,completion_tokens,total_tokens,cost_usd
                gpt-4o,3,1010,30,1040,2.500005
                embed,1,50,10,60,0.01

                """)
    }

    @Test("usage refuses a bad --since, --by or --format with exit 2 and a message naming the flag")
    func errors() throws {
        let folder = try TemporaryFolder()
        let store = try Self.ledger(in: folder)
        for (arguments, flag) in [
            (["--since", "yesterday"], "--since"), (["--since", "3w"], "--since"), (["--by", "team"], "--by"),
            (["--format", "xml"], "--format"),
        ] {
            let result = try cli.run(["usage", "--store", store] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.error.contains(flag), "\(result.error)")
        }
        let noStore = try cli.run(["usage", "--store", "postgres://u:s3cret@127.0.0.1:1/db"])
        #expect(noStore.status == 2)
        #expect(!noStore.error.contains("s3cret") && !noStore.output.contains("s3cret"))
    }

    @Test(
        "keys create, list, revoke and usage work against PostgreSQL, with the password from --password-env",
        .enabled(if: ProcessInfo.processInfo.environment["BULWARK_POSTGRES_URL"] != nil))
    func postgres() throws {
        let environment = ProcessInfo.processInfo.environment
        let url = try #require(environment["BULWARK_POSTGRES_URL"])
        let password = try #require(environment["BULWARK_POSTGRES_PASSWORD"])
        let env = ["BULWARK_TEST_PG": password, "PGPASSWORD": ""]
        let created = try cli.run(
            ["keys", "create", "--store", url, "--password-env", "BULWARK_TEST_PG", "--name", "cli-pg", "--deployments", "gpt-4o"],
            environment: env)
        #expect(created.status == 0, "\(created.error)")
        let prefix = try #require(created.output.split(separator: " ").dropFirst().first.map(String.init))
        let listed = try cli.run(["keys", "list", "--store", url, "--password-env", "BULWARK_TEST_PG"], environment: env)
        #expect(listed.output.contains(prefix))
        #expect(!listed.output.contains(password) && !listed.error.contains(password))
        #expect(try cli.run(["keys", "revoke", "--store", url, "--password-env", "BULWARK_TEST_PG", prefix], environment: env).status == 0)
        let usage = try cli.run(["usage", "--store", url, "--password-env", "BULWARK_TEST_PG", "--format", "csv"], environment: env)
        #expect(usage.status == 0, "\(usage.error)")
        let refused = try cli.run(
            ["keys", "list", "--store", url, "--password-env", "BULWARK_TEST_PG"], environment: ["BULWARK_TEST_PG": "wrong"])
        #expect(refused.status == 2)
        #expect(!refused.error.contains("wrong"))
    }
}
