import HTTPTypes
import Hummingbird
import NIOCore

/// Realtime step 0: a browser cannot set headers on a WebSocket, so a realtime upgrade may carry its gateway key as
/// the `api-key` query parameter or as the subprotocol `openai-insecure-api-key.<key>` (as the OpenAI and Azure SDKs
/// send it). When the request has neither `api-key` nor `Authorization`, such a key is moved into `api-key` for
/// `Authentication`; the query's copy is never sent upstream (``RealtimeRoute/upstreamQuery(_:)``), nor is any
/// subprotocol.
struct RealtimeCredentials: InferenceStep {
    static let subprotocolPrefix = "openai-insecure-api-key."

    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let headers = exchange.request.headers
        guard headers[.authorization] == nil, headers[RealtimeHeaders.apiKey] == nil else { return }
        guard let key = Self.presentedKey(query: exchange.request.uri.query ?? "", headers: headers) else { return }
        var head = exchange.request.head
        head.headerFields[RealtimeHeaders.apiKey] = key
        exchange.request = Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    /// The key in the query (`api-key`, or `openai-insecure-api-key`) or in a subprotocol, if any.
    static func presentedKey(query: String, headers: HTTPFields) -> String? {
        let parameters = RealtimeRoute.parameters(query)
        if let key = parameters.last(where: { RealtimeRoute.credentialParameters.contains($0.name.lowercased()) })?.value, !key.isEmpty {
            return key
        }
        for offered in subprotocols(headers) where offered.hasPrefix(subprotocolPrefix) {
            let key = String(offered.dropFirst(subprotocolPrefix.count))
            if !key.isEmpty { return key }
        }
        return nil
    }

    /// The subprotocols the client offered, in order.
    static func subprotocols(_ headers: HTTPFields) -> [String] {
        headers[values: RealtimeHeaders.webSocketProtocol].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    /// The subprotocol the gateway answers with: `realtime` when offered (browsers refuse an upgrade that selects none
    /// of several they offered); never a credential.
    static func selectedSubprotocol(_ headers: HTTPFields) -> String? {
        subprotocols(headers).contains("realtime") ? "realtime" : nil
    }
}

/// Header names the realtime routes read.
enum RealtimeHeaders {
    static let apiKey = HTTPField.Name("api-key")!
    static let webSocketProtocol = HTTPField.Name("sec-websocket-protocol")!
    static let forwardedFor = HTTPField.Name("x-forwarded-for")!
}

/// Realtime step 3: the deployment and upstream path, from the upgrade's URL (``RealtimeRoute``).
struct RealtimeRouteResolution: InferenceStep {
    func run(_ exchange: inout InferenceExchange) async throws(GatewayError) {
        let route = try RealtimeRoute.resolve(path: exchange.request.uri.path, query: exchange.request.uri.query ?? "")
        exchange.route = route
        exchange.record.route = route
    }
}
