import APIKeys
import Foundation
import Logging
import PostgresNIO
import PostgresStore

/// The server `Scripts/postgres-for-tests.sh` started (loopback), if any, and its password.
let serverURL = ProcessInfo.processInfo.environment["BULWARK_POSTGRES_URL"]
let serverPassword = ProcessInfo.processInfo.environment["BULWARK_POSTGRES_PASSWORD"]

/// A database of its own for one test, on the test server, so tests never see each other's keys.
struct TestDatabase {
    let location: PostgresLocation
    let password: String?

    /// - Parameter owner: a role to create (with `password`, allowed to log in) and make the database's owner.
    static func create(owner: (role: String, password: String)? = nil) async throws -> TestDatabase {
        guard case .postgres(let server) = try KeyStoreLocation(try requireURL()) else { throw Unexpected() }
        let name = "bulwark_test_\(UInt64.random(in: 0...UInt64.max))"
        try await admin(server) { connection in
            if let owner {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE ROLE \(owner.role) LOGIN PASSWORD '\(owner.password)'"), logger: quiet)
            }
            try await connection.query(
                PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)" + (owner.map { " OWNER \($0.role)" } ?? "")), logger: quiet)
        }
        var location = server
        location.database = name
        return TestDatabase(location: location, password: serverPassword)
    }

    /// Runs `body` on a connection to `location` as the test server's superuser.
    static func admin<Value: Sendable>(
        _ location: PostgresLocation, _ body: (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: serverPassword, database: location.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: quiet)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The default options with a patient timeout: the suite shares two cores with every other test, and a store
    /// operation that waits on a starved machine is not what these tests judge. Tests of timeouts set their own.
    static var patient: PostgresKeyStore.Options {
        var options = PostgresKeyStore.Options()
        options.timeout = .seconds(30)
        return options
    }

    /// A store on this database, as one replica opens it.
    func store(
        options: PostgresKeyStore.Options = TestDatabase.patient, user: String? = nil, password: String? = nil
    ) throws -> PostgresKeyStore {
        var location = self.location
        if let user { location.user = user }
        return try PostgresKeyStore(location: location, password: password ?? self.password, options: options)
    }

    static func requireURL() throws -> String {
        guard let serverURL else { throw Unexpected() }
        return serverURL
    }

    struct Unexpected: Error {}
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// Runs `stores` (replicas: pool, migration, listener) while `body` runs, waiting until each listens (a minute at
/// most: the whole test suite shares two cores, and the command-line tests block threads while they wait).
func withReplicas<Value: Sendable>(
    _ stores: [PostgresKeyStore], _ body: () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for store in stores { group.addTask { try await store.run() } }
        defer { group.cancelAll() }
        let deadline = ContinuousClock.now + .seconds(60)
        while !stores.allSatisfy(\.isListening) {
            guard ContinuousClock.now < deadline else { throw TestDatabase.Unexpected() }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await body()
    }
}
