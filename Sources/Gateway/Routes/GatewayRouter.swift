public import Hummingbird
import HTTPTypes

extension GatewayApplication {
    /// The routes: health and readiness; each call of ``OperationEndpoint/all`` on its deployment path (where Azure
    /// has one) and its v1 path; the stored-object routes of ``ObjectEndpoint/all``; and the models list. Every answer
    /// carries the request id (``RequestIDHeaders``); a path no route answers gets Azure's 404 (``UnroutedRoute``).
    /// Metrics are not served here but on their own listener (``metricsRouter()``).
    public func router() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestIDHeaders())
        let keyStore = self.keyStore, handler = self.handler, models = self.models
        let breakers = self.breakers, upstreams = configuration.upstreams.map(\.name)
        router.get("/healthz") { _, _ in "ok" }
        // Ready when the key store can be read and some upstream is not cut off by its circuit breaker.
        router.get("/readyz") { _, _ -> Response in
            guard await keyStore.isReadable() else { return GatewayError.keyStoreUnavailable("The key store cannot be read.").response() }
            guard upstreams.contains(where: { !breakers.isOpen($0) }) else {
                return GatewayError(
                    .serviceUnavailable, code: .upstreamUnavailable, "No upstream can serve: every circuit breaker is open."
                )
                .response()
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready")))
        }
        for endpoint in OperationEndpoint.all {
            if let pattern = endpoint.deploymentPattern {
                router.on(RouterPath(pattern), method: endpoint.method) { request, context in
                    let deployment = try context.parameters.require("deployment")
                    return await handler.handle(request, context: context, endpoint: endpoint, routeKind: .deployment(deployment))
                }
            }
            router.on(RouterPath(endpoint.v1Path), method: endpoint.method) { request, context in
                await handler.handle(request, context: context, endpoint: endpoint, routeKind: .v1)
            }
        }
        for object in ObjectEndpoint.all {
            router.on(RouterPath(object.pattern), method: object.method) { request, context in
                await handler.handle(request, context: context, object: object, id: context.parameters.get("id"))
            }
        }
        router.get("/openai/v1/models") { request, context in await models.answer(request, context: context, model: nil) }
        router.get("/openai/v1/models/{model}") { request, context in
            await models.answer(request, context: context, model: context.parameters.get("model"))
        }
        addRealtimeRoutes(to: router)
        // Last: middleware added after every route wraps only the router's not-found answer.
        router.add(middleware: UnroutedRoute(recorder: recorder, trustedProxies: configuration.trustedProxies))
        return router
    }

    /// `GET /metrics` (Prometheus text), for the metrics listener alone; anything else is 404.
    public func metricsRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let metrics = self.metrics
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        return router
    }
}
