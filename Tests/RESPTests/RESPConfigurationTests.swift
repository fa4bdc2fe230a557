import RESP
import Testing

@Suite("RESP configuration")
struct RESPConfigurationTests {
    @Test("redis:// URLs give host, port, database and user")
    func plainURL() throws {
        let configuration = try RESPConfiguration(url: "redis://limits@127.0.0.1:6380/3")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 6380)
        #expect(configuration.database == 3)
        #expect(configuration.username == "limits")
        #expect(configuration.password == nil)
        #expect(configuration.tls == nil)
        let defaults = try RESPConfiguration(url: "redis://localhost")
        #expect(defaults.port == 6379 && defaults.database == 0 && defaults.username == nil)
        let ipv6 = try RESPConfiguration(url: "redis://[::1]:7000/")
        #expect(ipv6.host == "::1" && ipv6.port == 7000)
    }

    @Test("rediss:// turns TLS on with certificate verification")
    func tlsURL() throws {
        let configuration = try RESPConfiguration(url: "rediss://cache.example:6380")
        let tls = try #require(configuration.tls)
        #expect(tls.certificateVerification == .fullVerification)
    }

    @Test("a password from the caller wins over the URL's, and neither is ever printed")
    func passwords() throws {
        let fromURL = try RESPConfiguration(url: "redis://user:s%40cret-in-url@127.0.0.1:6379")
        #expect(fromURL.password == "s@cret-in-url")
        let fromEnvironment = try RESPConfiguration(url: "redis://user:s%40cret-in-url@127.0.0.1:6379", password: "from-env-42")
        #expect(fromEnvironment.password == "from-env-42")
        for configuration in [fromURL, fromEnvironment] {
            var dumped = ""
            dump(configuration, to: &dumped)
            for text in ["\(configuration)", String(reflecting: configuration), dumped] {
                #expect(!text.contains("s@cret") && !text.contains("s%40cret") && !text.contains("from-env-42"))
                #expect(text.contains("redacted"))
            }
        }
    }

    @Test(
        "bad URLs are refused without repeating them",
        arguments: [
            "http://127.0.0.1", "redis://", "redis://host:0", "redis://host:99999", "redis://host:port", "redis://host/x",
            "redis://u:p%zz@host", "redis://[::1", "redis://pw-secret@host:1/x",
        ])
    func badURLs(url: String) {
        #expect {
            _ = try RESPConfiguration(url: url)
        } throws: { error in
            (error as? RESPError) == .invalidURL && !"\(error)".contains("secret") && !"\(error)".contains(url)
        }
    }

    @Test("backoff doubles from the initial delay and stops at the cap")
    func backoff() {
        let policy = RESPConfiguration.Reconnect(attempts: 5, initialDelay: .milliseconds(50), maximumDelay: .milliseconds(300))
        #expect((0..<6).map { policy.delay(beforeRetry: $0) } == [50, 100, 200, 300, 300, 300].map { .milliseconds($0) })
        #expect(policy.delay(beforeRetry: 1000) == .milliseconds(300))
    }
}
