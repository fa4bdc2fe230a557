public import Foundation
public import Hummingbird
import HummingbirdTesting
public import Synchronization

/// A loopback stand-in for IMDS, the App Service identity endpoint and the Entra token endpoint: it records
/// each request and answers with a numbered token, or with `failStatus` when set.
public final class FakeTokenService: Sendable {
    /// One request the fake received.
    public struct Received: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String
    }

    public let received = Mutex<[Received]>([])
    public let failStatus = Mutex<Int?>(nil)
    public let lifetime: Int

    public init(lifetime: Int = 3600) {
        self.lifetime = lifetime
    }

    /// IMDS, App Service (`/msi/token`) and the tenant token endpoint.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 16))
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let count = received.withLock { list in
                list.append(Received(method: request.method.rawValue, path: request.uri.description, headers: headers, body: body))
                return list.count
            }
            if let status = failStatus.withLock({ $0 }) {
                return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: #"{"error":"invalid_client"}"#)))
            }
            // Managed identity endpoints send expires_on as a string; the token endpoint sends expires_in as a number.
            let answer =
                request.uri.path.hasSuffix("/oauth2/v2.0/token")
                ? #"{"token_type":"Bearer","expires_in":\#(lifetime),"access_token":"token-\#(count)"}"#
                : #"{"access_token":"token-\#(count)","expires_on":"\#(Int(Date().timeIntervalSince1970) + lifetime)","token_type":"Bearer"}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        router.get("/metadata/identity/oauth2/token", use: handler)
        router.get("/msi/token", use: handler)
        router.post("/{tenant}/oauth2/v2.0/token", use: handler)
        return router
    }

    /// Serves the fake on a loopback port for the duration of `body`, which gets its base URL.
    public func withServer(_ body: @Sendable (URL) async throws -> Void) async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw FakeServerError.noPort }
            try await body(URL(string: "http://127.0.0.1:\(port)")!)
        }
    }
}
