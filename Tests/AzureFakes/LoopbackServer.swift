public import Hummingbird
import HummingbirdTesting

/// Runs a fake Azure service on a free loopback port for the length of `body`, which gets the port.
public enum LoopbackServer {
    public static func run(_ router: Router<BasicRequestContext>, _ body: @Sendable (Int) async throws -> Void) async throws {
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.live) { client in
            guard let port = client.port else { throw LoopbackServerError.noPort }
            try await body(port)
        }
    }
}

enum LoopbackServerError: Error { case noPort }
