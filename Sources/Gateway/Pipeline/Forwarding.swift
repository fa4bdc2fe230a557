/// The step after the pipeline: the request as the routes' table says (method, upstream path), with the
/// collected (and possibly guarded) body, sent to the first healthy allowed upstream.
struct Forwarding: Sendable {
    let routing: UpstreamRouting

    func forward(_ exchange: inout InferenceExchange) async throws(GatewayError) -> UpstreamForwarder.Attempt {
        let route = exchange.resolvedRoute()
        let request = UpstreamRequest(
            method: route.method, path: route.upstreamPath, headers: exchange.request.headers,
            body: route.method == .get || route.method == .delete ? .none : .bytes(exchange.body)
        )
        let attempt = try await routing.forward(request, candidates: exchange.candidates)
        exchange.record.upstream = attempt.upstream.name
        return attempt
    }
}
