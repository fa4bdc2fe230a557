import AccessPolicy
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import RateLimits

/// Realtime sessions over WebSocket: the controls at the upgrade, and the session once the socket is open.
///
/// At the upgrade (before anything is upgraded) the same steps as an HTTP request run, in order: credentials from the
/// query or subprotocol (``RealtimeCredentials``), authentication, the suspension check, the route from the URL,
/// authorisation of operation `realtime` on the deployment, residency, and the limits, which admit the session once
/// (a request, the default completion reservation for token rules, and a concurrency slot held until the socket
/// closes). A refusal is never upgraded: the client gets the same Azure-shaped HTTP error as any request.
struct RealtimeRelay: Sendable {
    /// The largest frame either leg sends or accepts (audio appends are large), and the largest event.
    static let maximumFrameBytes = 1 << 20
    static let maximumEventBytes = 16 << 20

    let pipeline: InferencePipeline
    let guards: PromptGuarding
    let recorder: RequestRecorder
    let forwarder: UpstreamForwarder
    /// The HTTP path's circuit breakers: the realtime leg skips the upstreams they hold open and feeds them.
    let breakers: CircuitBreakers
    let limits: any LimitStore
    let metrics: GatewayMetrics
    let abuse: AbuseMonitor?
    let trustedProxies: [IPNetwork]
    let refusals = RealtimeRefusals()

    /// The steps of a realtime upgrade, given the HTTP pipeline's own instances of each.
    static func steps(
        authentication: Authentication, suspension: SuspensionCheck?, residency: Residency, limits: RateLimiting
    ) -> [any InferenceStep] {
        var steps: [any InferenceStep] = [RealtimeCredentials(), authentication]
        if let suspension { steps.append(suspension) }
        steps += [RealtimeRouteResolution(), Authorisation(), residency, limits]
        return steps
    }

    /// Runs the controls; admitted, the exchange waits in the context for the session, and the upgrade answers with the
    /// `realtime` subprotocol when offered. Refused, the refusal is recorded and left for the HTTP route to answer.
    func shouldUpgrade(_ request: Request, context: RealtimeUpgradeContext) async -> RouterShouldUpgrade {
        let clientIP = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: RealtimeHeaders.forwardedFor],
            trustedProxies: trustedProxies)
        var exchange = InferenceExchange(
            realtimeUpgrade: request, record: ExchangeRecord(requestID: context.id, operation: .realtime, clientIP: clientIP, started: .now)
        )
        do throws(GatewayError) {
            try await pipeline.run(&exchange)
        } catch {
            var refusal = error
            LimitHeaders.apply(exchange.limitStatuses, to: &refusal.headers)
            await recorder.record(
                exchange.record, status: Int(refusal.status.code), outcome: .refused(refusal.code), relayed: nil, logger: context.logger)
            refusals.put(refusal, connection: context.connection)
            return .dontUpgrade
        }
        context.admitted.admit(exchange)
        var headers = HTTPFields()
        if let subprotocol = RealtimeCredentials.selectedSubprotocol(request.headers) {
            headers[RealtimeHeaders.webSocketProtocol] = subprotocol
        }
        LimitHeaders.apply(exchange.limitStatuses, to: &headers)
        RequestIDHeaders<GatewayRequestContext>.apply(context.id, to: &headers)
        return .upgrade(headers)
    }

    /// The answer to a realtime path reached over plain HTTP (no upgrade asked): 400 `websocket_required`.
    func answer(_ request: Request, context: GatewayRequestContext) -> Response {
        GatewayError(
            .badRequest, code: .webSocketRequired,
            "The realtime API is served over WebSocket: connect with wss:// (a GET with Upgrade: websocket)."
        ).response()
    }

    /// The session on the open socket.
    func run(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, context: WebSocketRouterContext<RealtimeUpgradeContext>
    )
        async
    {
        guard let exchange = context.requestContext.admitted.take() else {
            try? await outbound.close(.unexpectedServerError, reason: nil)
            return
        }
        let session = RealtimeSession(
            relay: self, exchange: exchange, engine: guards.engine(for: exchange.authorisedGrant()), logger: context.logger)
        await session.run(client: inbound, outbound)
    }
}
