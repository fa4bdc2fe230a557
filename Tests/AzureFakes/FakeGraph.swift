public import Hummingbird
public import Synchronization

/// Faults a fake Graph injects, by path after `/v1.0` (`/identity/conditionalAccess/policies`).
public struct FakeGraphFaults: Sendable {
    /// Paths answering 403 `Authorization_RequestDenied`.
    public var denied: Set<String> = []
    /// Paths answering 400 `AadPremiumLicenseRequired` (a tenant without Microsoft Entra ID P2).
    public var licenceRequired: Set<String> = []
    /// Objects per page of a collection; nil serves each collection as one page.
    public var pageSize: Int?
    /// The 1-based page of a path answered with a body that is cut short (not JSON).
    public var malformedPage: [String: Int] = [:]
    /// The 1-based page of a path answered as an object with no `value`.
    public var pageWithoutValue: [String: Int] = [:]
    /// Paths whose every page links to the first page again.
    public var repeatingLink: Set<String> = []
    /// How many 429s a path answers before it answers normally, with `Retry-After: retryAfterSeconds`.
    public var throttled: [String: Int] = [:]
    public var retryAfterSeconds = 3
    /// Tokens answered with 401 `InvalidAuthenticationToken` (expired).
    public var expiredTokens: Set<String> = []
    /// When set, the only tokens accepted; any other is answered with 401.
    public var acceptedTokens: Set<String>?

    public init() {}
}

/// A loopback Microsoft Graph serving `/v1.0/...` from a ``FakeGraphTenant``, with Graph's error bodies, paging by
/// `@odata.nextLink`, and the faults of ``FakeGraphFaults``. Mount it beside the ARM fake with ``register(on:prefix:)``,
/// or alone with ``run(_:)``.
public final class FakeGraph: Sendable {
    public let tenant: FakeGraphTenant
    public let faults: Mutex<FakeGraphFaults>
    private let counts = Mutex<[String: Int]>([:])

    public init(tenant: FakeGraphTenant, faults: FakeGraphFaults = FakeGraphFaults()) {
        self.tenant = tenant
        self.faults = Mutex(faults)
    }

    /// Requests received for `path` (after `/v1.0`, without the query), whatever they were answered.
    public func requests(_ path: String) -> Int { counts.withLock { $0[path] ?? 0 } }

    /// Requests received, by path.
    public var requestCounts: [String: Int] { counts.withLock { $0 } }

    /// Registers `GET {prefix}/v1.0/**` on `router`: Graph's base URL is then `http://host:port{prefix}`.
    public func register(on router: Router<BasicRequestContext>, prefix: String = "") {
        router.get(RouterPath(prefix + "/v1.0/**")) { [self] request, _ in
            answer(request, prefix: prefix)
        }
    }

    /// Serves the fake alone on a loopback port for the duration of `body`, which gets Graph's base URL.
    public func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router(context: BasicRequestContext.self)
        register(on: router)
        try await LoopbackServer.run(router) { port in try await body("http://127.0.0.1:\(port)") }
    }

    func answer(_ request: Request, prefix: String) -> Response {
        let path = String(request.uri.path.dropFirst(prefix.count + "/v1.0".count))
        let query = request.uri.query ?? ""
        let attempt = counts.withLock { counts in
            counts[path, default: 0] += 1
            return counts[path] ?? 0
        }
        let faults = self.faults.withLock { $0 }
        let token = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard let token, !faults.expiredTokens.contains(token), faults.acceptedTokens?.contains(token) ?? true else {
            return Self.error(.unauthorized, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")
        }
        if let storms = faults.throttled[path], attempt <= storms {
            var response = Self.error(.tooManyRequests, "TooManyRequests", "Too many requests.")
            response.headers[.retryAfter] = String(faults.retryAfterSeconds)
            return response
        }
        if faults.denied.contains(path) {
            return Self.error(.forbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        }
        if faults.licenceRequired.contains(path) {
            return Self.error(
                .badRequest, "AadPremiumLicenseRequired",
                "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.")
        }
        let base = "http://\(request.head.authority ?? "127.0.0.1")\(prefix)"
        if path == FakeGraphTenant.Path.organization {
            let organization = #"{"id":"\#(tenant.tenantID)","displayName":"\#(tenant.displayName)"}"#
            return Self.json(.ok, Self.page(path: path, objects: [organization], next: nil))
        }
        if let object = tenant.objects[path] { return Self.json(.ok, object) }
        if let pages = tenant.recordedPages[path] {
            // The page size asked for is not part of a recorded page's identity.
            let asked = query.split(separator: "&").filter { !$0.hasPrefix("$top=") && !$0.hasPrefix("%24top=") }.joined(separator: "&")
            guard let page = pages.first(where: { $0.query == asked }) else { return Self.notFound(path) }
            return Self.json(.ok, page.body.replacingOccurrences(of: "https://graph.microsoft.com", with: base))
        }
        guard let objects = tenant.collections[path] else { return Self.notFound(path) }
        let size = max(1, faults.pageSize ?? max(objects.count, 1))
        let pageNumber = Self.pageNumber(query)
        let start = (pageNumber - 1) * size
        guard start <= objects.count else { return Self.notFound(path) }
        let end = min(objects.count, start + size)
        if faults.malformedPage[path] == pageNumber { return Self.json(.ok, #"{"value":[{"id":"cut-sho"#) }
        if faults.pageWithoutValue[path] == pageNumber {
            return Self.json(.ok, #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata"}"#)
        }
        let nextPage = faults.repeatingLink.contains(path) ? 1 : pageNumber + 1
        let next = end < objects.count || faults.repeatingLink.contains(path) ? "\(base)/v1.0\(path)?$skiptoken=\(nextPage)" : nil
        return Self.json(.ok, Self.page(path: path, objects: Array(objects[start..<end]), next: next))
    }

    /// The page a `$skiptoken=N` query asks for; 1 without one.
    static func pageNumber(_ query: String) -> Int {
        for part in query.split(separator: "&") where part.hasPrefix("$skiptoken=") || part.hasPrefix("%24skiptoken=") {
            if let number = Int(part.split(separator: "=").last ?? ""), number >= 1 { return number }
        }
        return 1
    }

    static func page(path: String, objects: [String], next: String?) -> String {
        let link = next.map { #","@odata.nextLink":"\#($0)""# } ?? ""
        return
            #"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#\#(path)"\#(link),"value":[\#(objects.joined(separator: ","))]}"#
    }

    static func notFound(_ path: String) -> Response {
        error(
            .notFound, "Request_ResourceNotFound",
            "Resource '\(path)' does not exist or one of its queried reference-property objects are not present.")
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        let body =
            #"{"error":{"code":"\#(code)","message":"\#(message)","innerError":{"date":"2026-01-01T00:00:00","request-id":"00000000-0000-0000-0000-000000000001","client-request-id":"00000000-0000-0000-0000-000000000002"}}}"#
        return json(status, body)
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
