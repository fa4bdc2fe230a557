import APIKeys
import AccessPolicy
import AuditLog
import Crypto
import Foundation
import Gateway
import GatewayConfig
import GatewayTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A gateway in front of a fake upstream serving `gpt-4o`, `other-model`, `dall-e-3`, `whisper` and `tts`, with a
/// SQLite key store (which also keeps who owns stored objects) and an audit log, for the route tests.
struct RouteTestGateway: Sendable {
    let client: any TestClientProtocol
    let port: Int
    let upstream: FakeUpstream
    let store: APIKeyStore

    /// Issues a key with `deployments` and `operations`; returns its secret.
    func key(_ deployments: [String], operations: [GatewayOperation] = GatewayOperation.allCases) throws -> String {
        try store.create(name: "k", scope: APIKeyScope(deployments: deployments, operations: operations), expiresIn: nil).secret
    }

    /// Sends `body` with `key`; returns the status and the body as text.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, key: String, json: String? = nil, body: ByteBuffer? = nil,
        contentType: String? = nil
    ) async throws -> (status: Int, body: String, headers: HTTPFields) {
        var headers: HTTPFields = [HTTPField.Name("api-key")!: key]
        if let contentType { headers[.contentType] = contentType } else if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: body ?? json.map { ByteBuffer(string: $0) })
        return (response.status.code, String(buffer: response.body), response.headers)
    }

    /// How many requests reached the upstream.
    var forwarded: Int { upstream.received.withLock { $0.count } }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Runs `body` against a fresh gateway; `inspect` then reads the audit log's lines.
    static func run(
        guards: String? = nil, limitRules: String = "[]", auditContent: String = "none", abuse: String? = nil,
        maxBodyBytes: Int = 4096,
        audit inspect: ([[String: Any]]) throws -> Void = { _ in },
        _ body: @Sendable (RouteTestGateway) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder("gateway-routes")
        defer { folder.remove() }
        let auditPath = folder.path("audit.jsonl")
        let writer = try AuditLogWriter(path: auditPath, key: SymmetricKey(data: Array("route-audit-key-0123456789abcdef".utf8)))
        let upstream = FakeUpstream()
        try await Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            upstreamClient in
            let store = try APIKeyStore(location: folder.path("keys.db"))
            let environment = ["UPSTREAM_KEY": "upstream-secret", "AUDIT_KEY": "audit-key-for-gateway-tests-0123456789"]
            let guardSection =
                guards.map {
                    """
                    guards:
                      default: strict
                      profiles:
                        strict:
                    \($0)
                    """
                } ?? ""
            let configuration = try GatewayConfigurationLoader(environment: environment).load(
                """
                listen: "127.0.0.1:0"
                upstreams:
                  - { name: fake, endpoint: "http://127.0.0.1:\(try #require(upstreamClient.port))", region: westeurope, deployments: [gpt-4o, other-model, dall-e-3, whisper, tts], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                keys: { store: "sqlite:unused.db" }
                limits: { maxBodyBytes: \(maxBodyBytes), rules: \(limitRules) }
                audit: { path: "\(auditPath)", hmacKeyEnv: AUDIT_KEY, content: \(auditContent) }
                \(guardSection)
                \(abuse.map { "abuse: \($0)" } ?? "")
                """, file: "gateway.yaml"
            ).get()
            let gateway = GatewayApplication(
                configuration: configuration, keyStore: store, httpClient: .shared, audit: writer, environment: environment)
            try await Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
                client in
                try await body(RouteTestGateway(client: client, port: try #require(client.port), upstream: upstream, store: store))
            }
        }
        try await writer.close()
        let lines = try String(contentsOfFile: auditPath, encoding: .utf8).split(separator: "\n")
        // The log's own lines (its genesis record) are not the requests' records.
        try inspect(try lines.map { try json(String($0)) }.filter { $0["type"] as? String != "genesis" })
    }
}
