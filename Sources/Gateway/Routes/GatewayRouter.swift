public import Hummingbird
import HTTPTypes

extension GatewayApplication {
    /// The routes: health, readiness and metrics, and each operation of ``OperationEndpoint/all`` on its deployment
    /// path and its v1 path.
    public func router() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        let keyStore = self.keyStore, metrics = self.metrics, handler = self.handler
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
            let operation = endpoint.operation
            router.on(RouterPath(endpoint.deploymentPattern), method: endpoint.method) { request, context in
                let deployment = try context.parameters.require("deployment")
                return await handler.handle(request, context: context, operation: operation, routeKind: .deployment(deployment))
            }
            router.on(RouterPath(endpoint.v1Path), method: endpoint.method) { request, context in
                await handler.handle(request, context: context, operation: operation, routeKind: .v1)
            }
        }
        addRealtimeRoutes(to: router)
        return router
    }
}
