public import Foundation
public import Hummingbird
import HTTPTypes
public import Synchronization

/// One loopback server standing in for Entra's token endpoint, Azure Resource Manager (GETs and `/batch`) and
/// Resource Graph, serving a ``FakeEstate``, with the faults a live collection must survive scripted by the test:
/// Resource Graph's per-user quota (15 queries per 5 s on an injectable clock) with its headers, 429 storms,
/// expiring skip tokens, truncated and malformed pages, refused subscriptions, and tokens that expire.
public final class FakeAzure: Sendable {
    /// What the fake counts.
    public enum RequestKind: String, Sendable, Hashable, CaseIterable {
        case token, resourceGraph, resourceGraphThrottled, armGet, armBatch, armBatchInner, unauthorized
    }

    /// Faults the next requests meet, counted down as they are used.
    public struct Script: Sendable {
        /// The next this many Resource Graph queries answer 429 with `Retry-After`.
        public var throttleStorm = 0
        public var stormRetryAfterSeconds = 2
        /// The next this many requests that carry a skip token answer 400 (the token expired).
        public var expiringSkipTokens = 0
        /// The next this many Resource Graph pages answer 200 with a body that is not JSON.
        public var malformedPages = 0
        /// The next this many Resource Graph pages say `resultTruncated` without a skip token.
        public var truncatedPages = 0
        /// The next this many inner requests of `/batch` answer 429 with `Retry-After: 1`.
        public var batchInnerThrottles = 0
        /// Only the first this many pages of Resource Graph are served before the scripts apply (0: from the start).
        public var faultsAfterPages = 0
    }

    public let estate: FakeEstate
    public let tenantID: String
    public let clientID: String
    /// The secret the token endpoint accepts.
    public let clientSecret: String
    /// The lifetime of the tokens issued, in seconds.
    public let tokenLifetime: Int
    /// Resource Graph's quota: queries per window.
    public let quotaPerWindow: Int
    public let quotaWindow: Duration
    /// ARM list items per page (a `nextLink` follows when there are more).
    public let armPageSize: Int
    /// Subscriptions (lower-cased) that exist but the identity cannot read: not in Resource Graph, 403 in ARM.
    public let hiddenSubscriptions: Set<String>
    /// Subscriptions (lower-cased) Resource Graph returns but whose ARM reads answer 403.
    public let deniedSubscriptions: Set<String>

    public let script = Mutex(Script())
    let counts = Mutex([RequestKind: Int]())
    /// The fake's clock: only ever moved by ``advance(by:)`` (tests advance it from their injected sleep).
    let clock = Mutex(Duration.zero)
    let quota = Mutex((windowStart: Duration.zero, used: 0))
    let tokens = Mutex((issued: [String: Duration](), serial: 0))
    let queryCache = Mutex([String: [Int]]())
    let pagesServed = Mutex(0)

    public init(
        estate: FakeEstate, clientID: String = "11111111-2222-3333-4444-555555555555", clientSecret: String = "correct-horse",
        tokenLifetime: Int = 3600, quotaPerWindow: Int = 15, quotaWindow: Duration = .seconds(5), armPageSize: Int = 100,
        hiddenSubscriptions: Set<String> = [], deniedSubscriptions: Set<String> = []
    ) {
        self.estate = estate.sorted()
        self.tenantID = estate.tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tokenLifetime = tokenLifetime
        self.quotaPerWindow = quotaPerWindow
        self.quotaWindow = quotaWindow
        self.armPageSize = max(1, armPageSize)
        self.hiddenSubscriptions = Set(hiddenSubscriptions.map { $0.lowercased() })
        self.deniedSubscriptions = Set(deniedSubscriptions.map { $0.lowercased() })
    }

    /// How many requests of `kind` the fake answered.
    public func count(_ kind: RequestKind) -> Int { counts.withLock { $0[kind] ?? 0 } }

    /// Every count, for printing.
    public var allCounts: [RequestKind: Int] { counts.withLock { $0 } }

    /// Moves the fake's clock on (the quota window and token lifetimes follow it).
    public func advance(by duration: Duration) { clock.withLock { $0 += duration } }

    public var now: Duration { clock.withLock { $0 } }

    /// Makes every token issued so far expired: the next ARM call with one answers 401 `ExpiredAuthenticationToken`.
    public func expireIssuedTokens() {
        tokens.withLock { state in
            for key in state.issued.keys { state.issued[key] = .zero - .seconds(1) }
        }
    }

    func bump(_ kind: RequestKind) { counts.withLock { $0[kind, default: 0] += 1 } }

    /// Serves the fake on a loopback port for the length of `body`, which gets its base URL.
    public func run(_ body: @Sendable (URL) async throws -> Void) async throws {
        try await LoopbackServer.run(router()) { port in
            guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw LoopbackServerError.noPort }
            try await body(url)
        }
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 16 << 20)
            let answer = self.answer(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                authorization: request.headers[.authorization], body: Array(body.readableBytesView),
                host: request.head.authority ?? "127.0.0.1")
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            for (name, value) in answer.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        router.get("**", use: handler)
        router.post("**", use: handler)
        return router
    }

    /// One answer: status, headers and body text.
    struct Answer {
        var status: Int
        var headers: [(String, String)] = []
        var body: String
    }

    func answer(method: String, path: String, query: String, authorization: String?, body: [UInt8], host: String) -> Answer {
        if method == "POST", path.hasSuffix("/oauth2/v2.0/token") { return tokenAnswer(path: path, body: body) }
        guard authorized(authorization) else {
            bump(.unauthorized)
            return Self.error(401, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.")
        }
        let lowerPath = path.lowercased()
        if method == "POST", lowerPath == "/providers/microsoft.resourcegraph/resources" { return resourceGraphAnswer(body) }
        if method == "POST", lowerPath == "/batch" { return batchAnswer(body) }
        if method == "GET" {
            bump(.armGet)
            return armAnswer(path: path, query: query, base: "http://\(host)")
        }
        return Self.error(404, "NotFound", "No route for \(method) \(path).")
    }

    static func error(_ status: Int, _ code: String, _ message: String, headers: [(String, String)] = []) -> Answer {
        Answer(
            status: status, headers: headers,
            body: #"{"error":{"code":\#(FakeEstate.quoted(code)),"message":\#(FakeEstate.quoted(message))}}"#)
    }
}
