public import Hummingbird
public import HummingbirdCore
import HummingbirdWebSocket

extension GatewayApplication {
    /// The router WebSocket upgrades are matched against: the realtime paths (`/openai/realtime?deployment=` and
    /// `/openai/v1/realtime?model=`). An upgrade it refuses goes on to ``router()``, which answers the refusal.
    public func webSocketRouter() -> Router<RealtimeUpgradeContext> {
        let router = Router(context: RealtimeUpgradeContext.self)
        let relay = realtime
        for path in [RealtimeRoute.azurePath, RealtimeRoute.v1Path] {
            router.ws(RouterPath(path)) { request, context in
                await relay.shouldUpgrade(request, context: context)
            } onUpgrade: { inbound, outbound, context in
                await relay.run(inbound, outbound, context: context)
            }
        }
        return router
    }

    /// HTTP/1.1 with WebSocket upgrades on the realtime paths (frames up to 1 MiB, for audio); a refused upgrade is
    /// answered with its refusal (``RealtimeRefusalWriter``). Connections are held to `server`'s header and idle
    /// timeouts and per-address limit (``PolicedChannel``).
    public func httpServer(_ http1: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        var http1 = http1
        let refusals = realtime.refusals, additional = http1.additionalChannelHandlers
        http1.additionalChannelHandlers = { additional() + [RealtimeRefusalWriter(refusals: refusals)] }
        let webSocketResponder = webSocketRouter().buildResponder()
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: http1, ws: .init(maxFrameSize: RealtimeRelay.maximumFrameBytes))
        // Each connection is handled on its own event loop (``EventLoopPinnedChannel``), upgraded or not.
        // One policy for all of this listener's connections: the per-address counts are shared.
        let metrics = self.metrics
        let policy = ConnectionPolicy(settings: self.configuration.connections) { metrics.recordConnectionClosed($0) }
        return HTTPServerBuilder { responder in
            EventLoopPinnedChannel(
                base: PolicedChannel(
                    base: RealtimeHTTPChannel(
                        base: HTTP1WebSocketUpgradeChannel(
                            responder: responder, webSocketResponder: webSocketResponder, configuration: configuration)),
                    policy: policy))
        }
    }

    /// The realtime paths over plain HTTP (no upgrade asked): 400 `websocket_required`.
    func addRealtimeRoutes(to router: Router<GatewayRequestContext>) {
        let relay = realtime
        for path in [RealtimeRoute.azurePath, RealtimeRoute.v1Path] {
            router.get(RouterPath(path)) { request, context in relay.answer(request, context: context) }
        }
    }
}
