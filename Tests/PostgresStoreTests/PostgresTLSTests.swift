import APIKeys
import Foundation
import PostgresStore
import Testing

/// The test server's CA, when `Scripts/postgres-for-tests.sh` could make one.
private let certificateAuthority = ProcessInfo.processInfo.environment["BULWARK_POSTGRES_TLS_CA"]

@Suite("PostgreSQL key store over TLS", .enabled(if: serverURL != nil && certificateAuthority != nil))
struct PostgresTLSTests {
    /// The test server's location with `host` and `query` in place of its own.
    static func location(host: String, _ query: String) throws -> String {
        let url = try TestDatabase.requireURL()
        return url.replacingOccurrences(of: "127.0.0.1", with: host) + "?" + query
    }

    static func readable(_ location: String, within timeout: Duration = .seconds(5)) async throws -> Bool {
        var options = PostgresKeyStore.Options()
        options.timeout = timeout
        let opened = try KeyStores.open(location, pepper: nil, environment: ["PGPASSWORD": serverPassword ?? ""], options: options)
        let store = try #require(opened.service)
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await store.run() }
            defer { group.cancelAll() }
            return await store.isReadable()
        }
    }

    @Test("verify-full with the CA that signed the server's certificate for localhost connects; require checks the chain for an address")
    func trusted() async throws {
        let ca = try #require(certificateAuthority)
        // A long bound: connecting, the TLS handshake and SCRAM share two cores with the rest of the suite (5 s was
        // once not enough in CI). A refused certificate fails at once whatever the bound.
        #expect(try await Self.readable(Self.location(host: "localhost", "sslmode=verify-full&sslrootcert=\(ca)"), within: .seconds(20)))
        #expect(try await Self.readable(Self.location(host: "127.0.0.1", "sslmode=require&sslrootcert=\(ca)"), within: .seconds(20)))
    }

    @Test("a certificate from a CA the store does not trust is refused, in both modes")
    func untrusted() async throws {
        #expect(try await !Self.readable(Self.location(host: "localhost", "sslmode=verify-full"), within: .seconds(1)))
        #expect(try await !Self.readable(Self.location(host: "127.0.0.1", "sslmode=require"), within: .seconds(1)))
    }
}
