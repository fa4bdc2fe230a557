import APIKeys
import AuditLog
import Crypto
import CryptoExtras
import Foundation
import Gateway
import GatewayConfig
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Synchronization
import Testing
import GatewayTesting

/// Claims as a test identity provider issues them, signed with jwt-kit.
struct IssuedClaims: JWTPayload {
    var iss: String
    var aud: String
    var tid: String
    var oid: String
    var exp: Double
    var nbf: Double
    var roles: [String]?
    var groups: [String]?
    var amr: [String]?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// A loopback identity platform for the gateway: the tenant's JWKS, and IMDS handing out the gateway's own
/// upstream token. Tokens are signed by `signingKey` (kid `k1`); `strangerKey` is not published.
final class FakeIdentityPlatform: Sendable {
    static let tenant = "8c1b5d0e-2d8a-4c5f-9d7e-0a1b2c3d4e5f"
    static let audience = "api://bulwark"
    let signingKey = try! JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    let strangerKey = try! JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    let imdsRequests = Mutex<[[String: String]]>([])

    func router() throws -> Router<BasicRequestContext> {
        let primitives = try signingKey.publicKey.getKeyPrimitives()
        let jwks = String(
            decoding: try JWKS.document([JWKS.Key(kid: "k1", modulus: primitives.modulus, exponent: primitives.publicExponent)]),
            as: UTF8.self)
        let router = Router(context: BasicRequestContext.self)
        router.get("/common/discovery/v2.0/keys") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: jwks))) }
        router.get("/metadata/identity/oauth2/token") { [self] request, _ in
            var headers: [String: String] = ["uri": request.uri.description]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            imdsRequests.withLock { $0.append(headers) }
            return Response(
                status: .ok,
                body: .init(
                    byteBuffer: ByteBuffer(
                        string: #"{"access_token":"gateway-upstream-token","expires_on":"\#(Int(Date().timeIntervalSince1970) + 3600)"}"#)))
        }
        return router
    }

    func token(
        roles: [String]? = nil, groups: [String]? = nil, amr: [String]? = ["pwd"], expiresIn: Double = 3600,
        key: JWTKit.Insecure.RSA.PrivateKey? = nil
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: key ?? signingKey, digestAlgorithm: .sha256, kid: "k1")
        let now = Date().timeIntervalSince1970
        let claims = IssuedClaims(
            iss: "http://127.0.0.1/\(Self.tenant)/v2.0", aud: Self.audience, tid: Self.tenant, oid: "user-object-id",
            exp: now + expiresIn, nbf: now - 60, roles: roles, groups: groups, amr: amr
        )
        return try await keys.sign(claims, kid: "k1")
    }
}

/// Keeps every log line, so tests can prove no secret is ever logged.
final class CapturedLogs: Sendable {
    let lines = Mutex<[String]>([])

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.lines.withLock { $0.append("\(event.level) \(event.message) \(merged) \(event.error.map { "\($0)" } ?? "")") }
        }
    }

    func logger(_ label: String) -> Logger {
        Logger(label: label) { _ in Handler(sink: self) }
    }
}

@Suite("Gateway with Entra ID tokens, conditional access and managed identity")
struct EntraGatewayTests {
    struct Context {
        var client: any TestClientProtocol
        var platform: FakeIdentityPlatform
        var upstream: FakeUpstream
        var key: String
        var logs: CapturedLogs
        var auditPath: String
        var writer: AuditLogWriter
    }

    static let environment = ["UPSTREAM_KEY": "upstream-api-key-secret"]

    /// JWKS and IMDS on one loopback server, a fake upstream reached with a managed identity token, and a gateway
    /// with two token policies (chat with MFA; embeddings from 10.0.0.0/8 only) behind a trusted proxy at 127.0.0.1.
    static func withGateway(_ body: @Sendable (Context) async throws -> Void) async throws {
        let platform = FakeIdentityPlatform()
        let logs = CapturedLogs()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("entra-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let auditPath = folder.appendingPathComponent("audit.jsonl").path
        let writer = try AuditLogWriter(path: auditPath, key: SymmetricKey(data: Array("entra-gateway-audit-key-01234567".utf8)))
        try await Application(router: try platform.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            identityClient in
            let identity = "http://127.0.0.1:\(try #require(identityClient.port))"
            let upstream = FakeUpstream()
            try await Application(router: upstream.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
                upstreamClient in
                let store = try APIKeyStore(location: folder.appendingPathComponent("keys.db").path)
                let key = try store.create(
                    name: "ops", scope: APIKeyScope(deployments: ["gpt-4o"], operations: [.chat], clientNetworks: ["192.168.0.0/16"]),
                    expiresIn: nil)
                let upstreamPort = try #require(upstreamClient.port)
                let configuration = try GatewayConfigurationLoader(environment: Self.environment).load(
                    """
                    listen: "127.0.0.1:0"
                    trustedProxies: [127.0.0.1/32]
                    upstreams:
                      - name: fake
                        endpoint: "http://127.0.0.1:\(upstreamPort)"
                        region: westeurope
                        deployments: [gpt-4o]
                        auth: { type: managedIdentity, endpoint: "\(identity)", clientId: gateway-mi }
                      - { name: keyed, endpoint: "http://127.0.0.1:\(upstreamPort)", region: westeurope, deployments: [text-embedding-3-small], auth: { type: apiKey, keyEnv: UPSTREAM_KEY } }
                    keys: { store: "sqlite:unused.db" }
                    entra:
                      tenants: ["\(FakeIdentityPlatform.tenant)"]
                      audiences: ["\(FakeIdentityPlatform.audience)"]
                      authority: "http://127.0.0.1"
                      jwksUrl: "\(identity)/common/discovery/v2.0/keys"
                      policies:
                        - { name: chat-users, roles: [Gateway.Chat], deployments: [gpt-4o], operations: [chat], requireMFA: true }
                        - { name: embedders, groups: [g-embed], deployments: [text-embedding-3-small], operations: [embeddings], clientIPs: [10.0.0.0/8] }
                    """, file: "gateway.yaml"
                ).get()
                let gateway = GatewayApplication(
                    configuration: configuration, keyStore: store, httpClient: .shared, audit: writer, logger: logs.logger("gateway"),
                    environment: Self.environment)
                let app = Application(
                    router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logs.logger("server"))
                try await app.test(.live) { client in
                    try await body(
                        Context(
                            client: client, platform: platform, upstream: upstream, key: key.secret, logs: logs, auditPath: auditPath,
                            writer: writer))
                }
            }
        }
    }

    static func call(
        _ context: Context, _ credential: String, embeddings: Bool = false, forwardedFor: String? = nil, useKeyHeader: Bool = false
    ) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = useKeyHeader ? [HTTPField.Name("api-key")!: credential] : [.authorization: "Bearer \(credential)"]
        if let forwardedFor { headers[HTTPField.Name("x-forwarded-for")!] = forwardedFor }
        let path =
            embeddings
            ? "/openai/deployments/text-embedding-3-small/embeddings?api-version=1"
            : "/openai/deployments/gpt-4o/chat/completions?api-version=1"
        let response = try await context.client.execute(
            uri: path, method: .post, headers: headers, body: ByteBuffer(string: #"{"input":"x","messages":[]}"#))
        return (response.status, String(buffer: response.body))
    }

    @Test("a token with the policy's role and MFA is forwarded with the gateway's managed identity token, never the client's")
    func acceptsToken() async throws {
        try await Self.withGateway { context in
            let token = try await context.platform.token(roles: ["Gateway.Chat"], amr: ["pwd", "mfa"])
            let (status, body) = try await Self.call(context, token)
            #expect(status == .ok, "\(body)")
            _ = try await Self.call(context, token)
            let received = try #require(context.upstream.received.withLock { $0.first })
            #expect(received.headers["authorization"] == "Bearer gateway-upstream-token")
            #expect(!received.headers.values.contains { $0.contains(token) })
            let imds = context.platform.imdsRequests.withLock { $0 }
            #expect(imds.count == 1, "the upstream token is cached")
            #expect(imds.first?["metadata"] == "true")
            #expect(imds.first?["uri"]?.contains("resource=https%3A%2F%2Fcognitiveservices.azure.com&client_id=gateway-mi") == true)
        }
    }

    @Test("tokens and conditional access are refused with precise reasons, and the gateway keeps serving")
    func refusals() async throws {
        try await Self.withGateway { context in
            let platform = context.platform
            let cases: [(String, String, Bool, String?, HTTPResponse.Status, String)] = [
                (
                    "no MFA under an MFA policy", try await platform.token(roles: ["Gateway.Chat"], amr: ["pwd"]), false, nil, .forbidden,
                    "mfa_required"
                ),
                (
                    "expired", try await platform.token(roles: ["Gateway.Chat"], amr: ["mfa"], expiresIn: -600), false, nil, .unauthorized,
                    "token_expired"
                ),
                (
                    "signed by the wrong key", try await platform.token(roles: ["Gateway.Chat"], amr: ["mfa"], key: platform.strangerKey),
                    false, nil, .unauthorized, "token_signature_invalid"
                ),
                ("no matching role or group", try await platform.token(roles: ["Other"]), false, nil, .forbidden, "no_policy"),
                (
                    "role for chat, asking for embeddings", try await platform.token(roles: ["Gateway.Chat"], amr: ["mfa"]), true, nil,
                    .forbidden, "deployment_not_allowed"
                ),
                (
                    "embeddings from the proxy itself", try await platform.token(groups: ["g-embed"]), true, nil, .forbidden,
                    "client_ip_not_allowed"
                ),
                (
                    "embeddings from outside the network", try await platform.token(groups: ["g-embed"]), true, "10.1.2.3, 203.0.113.9",
                    .forbidden, "client_ip_not_allowed"
                ),
            ]
            for (name, token, embeddings, forwardedFor, status, code) in cases {
                let (actual, body) = try await Self.call(context, token, embeddings: embeddings, forwardedFor: forwardedFor)
                #expect(actual == status, "\(name): \(body)")
                #expect(body.contains("\"code\":\"\(code)\""), "\(name): \(body)")
            }
            let unsigned = try await platform.token(roles: ["Gateway.Chat"], amr: ["mfa"]).split(separator: ".")
            let none = Data(#"{"alg":"none","kid":"k1"}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            let (status, body) = try await Self.call(context, "\(none).\(unsigned[1]).")
            #expect(status == .unauthorized && body.contains("token_algorithm_not_allowed"), "alg none: \(body)")
            let (allowed, _) = try await Self.call(
                context, try await platform.token(groups: ["g-embed"]), embeddings: true, forwardedFor: "10.1.2.3")
            #expect(allowed == .ok, "the client address comes from X-Forwarded-For only because the peer is a trusted proxy")
            let (fromKey, keyBody) = try await Self.call(context, context.key, useKeyHeader: true)
            #expect(fromKey == .forbidden && keyBody.contains("client_ip_not_allowed"), "a key's client IP allow-list applies too")
            let (keyFromNetwork, _) = try await Self.call(context, context.key, forwardedFor: "192.168.7.7", useKeyHeader: true)
            #expect(keyFromNetwork == .ok)
        }
    }

    @Test(
        "no known secret (gateway key, bearer tokens, upstream API key, upstream token) appears in any log line, audit record or error body"
    )
    func secretsStayOut() async throws {
        try await Self.withGateway { context in
            let platform = context.platform
            let token = try await platform.token(roles: ["Gateway.Chat"], amr: ["mfa"])
            let expired = try await platform.token(roles: ["Gateway.Chat"], expiresIn: -600)
            let wrongKey = try await platform.token(roles: ["Gateway.Chat"], key: platform.strangerKey)
            var bodies: [String] = []
            for (credential, asKey) in [
                (token, false), (expired, false), (wrongKey, false), (context.key, true), (context.key, false),
                (context.key + "x", true), (String(token.dropLast(3)), false),
            ] {
                bodies.append(try await Self.call(context, credential, useKeyHeader: asKey).1)
                bodies.append(
                    try await Self.call(context, credential, embeddings: true, forwardedFor: "192.168.1.1", useKeyHeader: asKey).1)
            }
            let embedder = try await platform.token(groups: ["g-embed"])
            let (embedded, embeddedBody) = try await Self.call(context, embedder, embeddings: true, forwardedFor: "10.1.2.3")
            #expect(embedded == .ok, "the keyed upstream was used: \(embeddedBody)")
            bodies.append(embeddedBody)
            #expect(context.upstream.received.withLock { $0 }.contains { $0.headers["api-key"] == "upstream-api-key-secret" })
            try await context.writer.close()
            let audit = try String(contentsOfFile: context.auditPath, encoding: .utf8)
            let logs = context.logs.lines.withLock { $0 }.joined(separator: "\n")
            #expect(audit.contains("entra:user-object-id"), "token callers are audited by object id")
            // Signatures are the secret part of a token; the key's secret part follows its public prefix.
            let secrets = [
                token, String(token.split(separator: ".")[2]), expired, wrongKey, context.key, String(context.key.dropFirst(17)),
                "gateway-upstream-token",
                "upstream-api-key-secret", embedder,
            ]
            for secret in secrets {
                #expect(!audit.contains(secret))
                #expect(!logs.contains(secret))
                #expect(!bodies.contains { $0.contains(secret) })
            }
        }
    }
}
