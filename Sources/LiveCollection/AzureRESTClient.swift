public import AsyncHTTPClient
public import AzureCredentials
import Foundation
public import LocatedJSON
import NIOCore
import NIOHTTP1

/// Requests to Azure Resource Manager, Resource Graph and Microsoft Graph with a bearer token for the request's
/// scope. Shared by every collector, so that limits and counts hold for the whole collection:
/// - at most `limiter.limit` requests in flight;
/// - 429 and 503 (and 500, 502, 504, which ARM answers in passing) are retried after the service's `Retry-After`
///   (or `retry-after-ms`), else a backoff from 1 s doubling to 32 s, at most `maximumRetries` times;
/// - a 401 is answered once by dropping the token and asking for a new one (it expired early or was revoked);
/// - every request and every throttling wait is counted in `statistics`.
/// Tokens are never logged or put in an error; URLs in errors lose their query (a skip token is long, not useful).
public struct AzureRESTClient: Sendable {
    public let http: HTTPClient
    public let credential: any TokenCredential
    public let limiter: AsyncLimiter
    public private(set) var statistics: RequestStatistics
    public var maximumRetries = 8
    /// The longest wait a `Retry-After` is honoured for; longer ones are cut to it.
    public var maximumWait: Duration = .seconds(120)
    public var timeout: Duration = .seconds(60)
    /// How waits happen: `Task.sleep` in use; tests count them instead.
    public let sleep: @Sendable (Duration) async throws -> Void

    public init(
        http: HTTPClient, credential: any TokenCredential, limiter: AsyncLimiter = AsyncLimiter(limit: 32),
        statistics: RequestStatistics = RequestStatistics(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.http = http
        self.credential = credential
        self.limiter = limiter
        self.statistics = statistics
        self.sleep = sleep
    }

    /// Sends `request`, retrying as described above; any final status is returned (callers decide what 403 or 404
    /// mean), and only a failure to get a token or to reach the service throws.
    public func send(_ request: RESTRequest) async throws(RESTError) -> RESTResponse {
        var attempt = 0
        var renewedToken = false
        while true {
            let response = try await limiter.run { () async throws(RESTError) -> RESTResponse in try await once(request) }
            statistics.countRequest(throttled: response.status == 429)
            if response.status == 401, !renewedToken {
                renewedToken = true
                await credential.invalidate(scope: request.scope)
                continue
            }
            guard Self.retried.contains(response.status), attempt < maximumRetries else { return response }
            attempt += 1
            let wait = min(response.retryAfter ?? Self.backoff(attempt), maximumWait)
            statistics.countWait(wait)
            do { try await sleep(wait) } catch { throw .cancelled }
        }
    }

    /// Sends `request` and reads its answer as JSON; a body that is not JSON is `RESTError.malformed`.
    public func json(_ request: RESTRequest) async throws(RESTError) -> (response: RESTResponse, body: JSONValue) {
        let response = try await send(request)
        do {
            return (response, try JSONReader().read(response.body))
        } catch {
            throw .malformed(url: RESTRequest.withoutQuery(request.url), status: response.status, detail: error.message)
        }
    }

    /// The same client (same limiter and credential), counting into `statistics`, which should have this client's
    /// statistics as its parent (`RequestStatistics(parent: client.statistics)`): one collector's counts.
    public func counting(into statistics: RequestStatistics) -> AzureRESTClient {
        var copy = self
        copy.statistics = statistics
        return copy
    }

    static let retried: Set<Int> = [429, 500, 502, 503, 504]

    static func backoff(_ attempt: Int) -> Duration { .seconds(1 << min(attempt - 1, 5)) }

    private func once(_ request: RESTRequest) async throws(RESTError) -> RESTResponse {
        let token: AccessToken
        do { token = try await credential.token(scope: request.scope) } catch { throw .credential(error) }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        outgoing.headers.add(name: "Accept", value: "application/json")
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            outgoing.headers.add(name: "Content-Type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await http.execute(outgoing, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
            let body = try await response.body.collect(upTo: 256 << 20)
            var headers: [String: String] = [:]
            for header in response.headers { headers[header.name.lowercased()] = header.value }
            return RESTResponse(status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
        } catch {
            throw .unreachable(url: RESTRequest.withoutQuery(request.url), detail: String(describing: type(of: error)))
        }
    }
}

/// One request: its method, absolute URL, the token scope it needs, and a JSON body.
public struct RESTRequest: Sendable {
    public var method: String
    public var url: String
    public var scope: String
    public var body: [UInt8]?
    public var headers: [(String, String)]

    public init(method: String = "GET", url: String, scope: String, body: [UInt8]? = nil, headers: [(String, String)] = []) {
        self.method = method
        self.url = url
        self.scope = scope
        self.body = body
        self.headers = headers
    }

    /// `url` without its query, for messages.
    public static func withoutQuery(_ url: String) -> String {
        url.firstIndex(of: "?").map { String(url[..<$0]) } ?? url
    }
}

/// A service's answer, whole.
public struct RESTResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// How long the service asked to wait: `retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After` in seconds, or for a
    /// 429 from Resource Graph `x-ms-user-quota-resets-after`.
    public var retryAfter: Duration? {
        for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
            if let text = headers[name], let milliseconds = Double(text), milliseconds >= 0 { return .milliseconds(Int64(milliseconds)) }
        }
        if let text = headers["retry-after"], let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return .milliseconds(Int64(seconds * 1000))
        }
        // Resource Graph's 429s say when the caller's quota window resets instead.
        if status == 429, let text = headers["x-ms-user-quota-resets-after"], let reset = ResourceGraphPacer.timeSpan(text) { return reset }
        return nil
    }

    /// An Azure error body's `error.code` and `error.message` (ARM, Resource Graph and Graph all use this shape).
    public var azureError: (code: String?, message: String?) {
        guard let body = try? JSONReader().read(body), let error = body[member: "error"] else { return (nil, nil) }
        return (error[member: "code"]?.stringValue, error[member: "message"]?.stringValue)
    }
}

/// Why a request could not be made. Never holds a token or a secret.
public enum RESTError: Error, Sendable, CustomStringConvertible {
    case credential(CredentialError)
    case unreachable(url: String, detail: String)
    case malformed(url: String, status: Int, detail: String)
    case cancelled

    public var description: String {
        switch self {
        case .credential(let error): "no token: \(error)"
        case .unreachable(let url, let detail): "\(url) could not be reached (\(detail))"
        case .malformed(let url, let status, let detail): "\(url) answered \(status) with a body that is not JSON: \(detail)"
        case .cancelled: "cancelled"
        }
    }
}
