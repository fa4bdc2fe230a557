public import Hummingbird
import HTTPTypes

extension GatewayApplication {
    /// The routes: health, readiness and metrics; each call of ``OperationEndpoint/all`` on its deployment path
    /// (where Azure has one) and its v1 path; the stored-object routes of ``ObjectEndpoint/all``; and the models list.
    public func router() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        let keyStore = self.keyStore, metrics = self.metrics, handler = self.handler, models = self.models
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ -> Response in
            await keyStore.isReadable()
                ? Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready")))
                : GatewayError.keyStoreUnavailable("The key store cannot be read.").response()
        }
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
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
        return router
    }
}
