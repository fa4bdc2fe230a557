import AsyncHTTPClient
import AzureCredentials
import Foundation
import GatewayConfig
import HTTPTypes
import Hummingbird
import Logging
import PromptGuards
import NIOCore
import NIOHTTP1

/// Sends an authorised request to an upstream and streams its answer back, chunk by chunk (Server-Sent
/// Events included). The client's own credentials and hop-by-hop headers are never forwarded.
struct UpstreamForwarder: Sendable {
    let client: HTTPClient
    let environment: [String: String]
    /// Token caches for upstreams that authenticate with Entra tokens, by upstream name.
    let credentials: [String: CachedCredential]
    let logger: Logger

    /// Request headers that belong to this hop or carry the client's credentials.
    static let droppedRequestHeaders: Set<String> = [
        "api-key", "authorization", "ocp-apim-subscription-key", "cookie", "host", "content-length", "connection", "keep-alive", "proxy-authenticate",
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
    func send(_ body: ByteBuffer, headers: HTTPFields, route: InferenceRoute, to upstream: GatewayConfiguration.Upstream) async throws(GatewayError) -> Attempt {
        var endpoint = upstream.endpoint.absoluteString
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        var request = HTTPClientRequest(url: endpoint + route.upstreamPath)
        request.method = .POST
        for field in headers where !Self.droppedRequestHeaders.contains(field.name.canonicalName) {
            request.headers.add(name: field.name.rawName, value: field.value)
        }
        switch upstream.authentication {
        case .apiKey(let variable):
            guard let key = environment[variable], !key.isEmpty else {
                throw GatewayError(.internalServerError, code: "upstream_credentials_missing", "The gateway has no credentials for upstream \(upstream.name).")
            }
            request.headers.replaceOrAdd(name: "api-key", value: key)
        case .entraToken:
            guard let credential = credentials[upstream.name] else {
                throw GatewayError(.internalServerError, code: "upstream_credentials_missing", "The gateway has no credentials for upstream \(upstream.name).")
            }
            do {
                request.headers.replaceOrAdd(name: "authorization", value: "Bearer \(try await credential.token().value)")
            } catch {
                // The error names the endpoint or variable, never a secret; the client learns only that it failed.
                logger.error("upstream token unavailable", metadata: ["upstream": "\(upstream.name)", "error": "\(error)"])
                throw GatewayError(.badGateway, code: "upstream_credentials_unavailable", "The gateway could not get a token for upstream \(upstream.name).")
            }
        }
        request.body = .bytes(body)
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(upstream.timeout)))
            // A refused token (revoked, or its role assignment changed) is not reused for the next request.
            if response.status == .unauthorized, let credential = credentials[upstream.name] { await credential.invalidate() }
            return Attempt(response: response, upstream: upstream)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw GatewayError(.gatewayTimeout, code: "upstream_timeout", "Upstream \(upstream.name) did not answer in time.")
        } catch {
            throw GatewayError(.badGateway, code: "upstream_unavailable", "Upstream \(upstream.name) could not be reached.")
        }
    }

    /// What the relayed answer said, for metrics and the audit log.
    struct Relayed: Sendable {
        var usage: TokenUsage?
        /// The completion text, when content capture was asked for.
        var completion: String? = nil
        /// The guard finding that withheld (part of) the completion.
        var filtered: GuardFinding? = nil
    }

    /// The response to the client: the upstream's status and headers (hop-by-hop ones dropped) and its body,
    /// relayed chunk by chunk. `finished` runs once the body has been relayed, before the response ends, with
    /// the token usage the upstream reported (and the completion text when `captureCompletion`); or with the
    /// error when the upstream or the client dropped.
    static func response(
        from attempt: Attempt, captureCompletion: Bool = false, completionGuard: GuardEngine? = nil, restoring placeholders: PlaceholderTable? = nil,
        finished: @escaping @Sendable (Result<Relayed, any Error>) async -> Void
    ) -> Response {
        var responseHeaders = HTTPFields()
        for (name, value) in attempt.response.headers where !droppedResponseHeaders.contains(name.lowercased()) {
            if let fieldName = HTTPField.Name(name) { responseHeaders.append(HTTPField(name: fieldName, value: value)) }
        }
        let upstreamBody = attempt.response.body
        let isEventStream = attempt.response.headers.first(name: "content-type")?.lowercased().hasPrefix("text/event-stream") ?? false
        let guarded = attempt.response.status == .ok ? completionGuard : nil
        let body = ResponseBody { writer in
            var tail = TokenUsageTail()
            var capture = captureCompletion ? CompletionCapture() : nil
            // Events are split (and checked) when there is a guard or placeholders to restore; a JSON answer is
            // then read whole.
            let splitting = guarded != nil || placeholders != nil
            var streamFilter = isEventStream && splitting ? StreamingCompletionFilter(engine: guarded) : nil
            var buffered = splitting && !isEventStream ? ByteBuffer() : nil
            func restored(_ buffer: ByteBuffer) -> ByteBuffer {
                guard let placeholders else { return buffer }
                return ByteBuffer(string: placeholders.restoreInJSON(String(buffer: buffer)))
            }
            var filtered: GuardFinding?
            do {
                relay: for try await chunk in upstreamBody {
                    tail.append(chunk)
                    capture?.append(chunk)
                    if streamFilter != nil {
                        switch streamFilter!.feed(chunk) {
                        case .relay(let events):
                            for event in events { try await writer.write(restored(event)) }
                        case .blocked(let events, let finding):
                            for event in events { try await writer.write(restored(event)) }
                            try await writer.write(StreamingCompletionFilter.errorEvent(finding))
                            filtered = finding
                            break relay
                        }
                    } else if buffered != nil {
                        guard buffered!.readableBytes + chunk.readableBytes <= BufferedCompletionFilter.limit else {
                            throw GatewayError(.badGateway, code: "upstream_answer_too_large", "The upstream's answer is too large to check.")
                        }
                        var chunk = chunk
                        buffered!.writeBuffer(&chunk)
                    } else {
                        try await writer.write(chunk)
                    }
                }
                if let rest = streamFilter?.remainder(), filtered == nil { try await writer.write(restored(rest)) }
                if let whole = buffered {
                    var answer = whole
                    if let guarded { (answer, filtered) = BufferedCompletionFilter.filtered(whole, engine: guarded) }
                    try await writer.write(filtered == nil ? restored(answer) : answer)
                }
            } catch {
                await finished(.failure(error))
                throw error
            }
            await finished(.success(Relayed(usage: tail.usage(), completion: filtered == nil ? capture?.text() : nil, filtered: filtered)))
            try await writer.finish(nil)
        }
        return Response(
            status: HTTPResponse.Status(code: Int(attempt.response.status.code), reasonPhrase: attempt.response.status.reasonPhrase),
            headers: responseHeaders, body: body
        )
    }

    /// How long `retry-after-ms` or `retry-after` (seconds) asks to wait, if it says.
    static func retryDelay(_ headers: HTTPHeaders) -> Duration? {
        if let milliseconds = headers.first(name: "retry-after-ms").flatMap(Double.init) { return .milliseconds(milliseconds) }
        if let seconds = headers.first(name: "retry-after").flatMap(Double.init) { return .milliseconds(seconds * 1000) }
        return nil
    }
}
