import AsyncHTTPClient
import AzureCredentials
import GatewayConfig
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1

/// Sends an authorised request to an upstream and streams its answer back, chunk by chunk (Server-Sent
/// Events included; see `UpstreamForwarder+Relay.swift`). The client's own credentials and hop-by-hop headers
/// are never forwarded.
struct UpstreamForwarder: Sendable {
    /// The current event loop's client sends each request.
    let clients: UpstreamClients
    let environment: [String: String]
    /// Token caches for upstreams that authenticate with Entra tokens, by upstream name.
    let credentials: [String: CachedCredential]
    let logger: Logger

    /// Request headers that belong to this hop or carry the client's credentials.
    static let droppedRequestHeaders: Set<String> = [
        "api-key", "authorization", "ocp-apim-subscription-key", "cookie", "host", "content-length", "connection", "keep-alive",
        "proxy-authenticate",
        "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "x-forwarded-for",
    ]
    static let droppedResponseHeaders: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "content-length", "trailer", "upgrade", "proxy-authenticate",
    ]

    /// An upstream's answer before its body is streamed: retryable failures are seen here.
    struct Attempt {
        var response: HTTPClientResponse
        var upstream: GatewayConfiguration.Upstream
    }

    /// Sends the request to one upstream and returns its response head; the body is not read yet.
    func send(_ request: UpstreamRequest, to upstream: GatewayConfiguration.Upstream) async throws(GatewayError) -> Attempt {
        var endpoint = upstream.endpoint.absoluteString
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        var outgoing = HTTPClientRequest(url: endpoint + request.path)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where !Self.droppedRequestHeaders.contains(field.name.canonicalName) {
            outgoing.headers.add(name: field.name.rawName, value: field.value)
        }
        try await authenticate(&outgoing, to: upstream)
        switch request.body {
        case .none: break
        case .bytes(let bytes): outgoing.body = .bytes(bytes)
        case .stream(let sequence, let length): outgoing.body = .stream(sequence, length: length.map { .known(Int64($0)) } ?? .unknown)
        }
        do {
            let response = try await clients.current.execute(outgoing, timeout: .seconds(Int64(upstream.timeout)))
            // A refused token (revoked, or its role assignment changed) is not reused for the next request.
            if response.status == .unauthorized, let credential = credentials[upstream.name] { await credential.invalidate() }
            return Attempt(response: response, upstream: upstream)
        } catch let refusal as GatewayError {
            // A streamed body refused mid-way (past the size cap, or unreadable): the request was aborted and the
            // client gets that refusal, not a 502.
            throw refusal
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw GatewayError(.gatewayTimeout, code: .upstreamTimeout, "Upstream \(upstream.name) did not answer in time.")
        } catch {
            throw GatewayError(.badGateway, code: .upstreamUnavailable, "Upstream \(upstream.name) could not be reached.")
        }
    }

    /// The gateway's own credential for `upstream`: its API key, or an Entra token.
    private func authenticate(_ request: inout HTTPClientRequest, to upstream: GatewayConfiguration.Upstream) async throws(GatewayError) {
        let credential = try await credentialHeader(for: upstream)
        request.headers.replaceOrAdd(name: credential.name.canonicalName, value: credential.value)
    }

    /// How long `retry-after-ms` or `retry-after` (seconds) asks to wait, if it says.
    static func retryDelay(_ headers: HTTPHeaders) -> Duration? {
        if let milliseconds = headers.first(name: "retry-after-ms").flatMap(Double.init) { return .milliseconds(milliseconds) }
        if let seconds = headers.first(name: "retry-after").flatMap(Double.init) { return .milliseconds(seconds * 1000) }
        return nil
    }
}
