/// The step after the pipeline: the request as the routes' table says (method, upstream path), with the
/// collected (and possibly guarded) body, sent to the first healthy allowed upstream. A streamed upload is sent as it
/// arrives, its start first, with the client's length (changed by what the guards changed), to one upstream only.
struct Forwarding: Sendable {
    let routing: UpstreamRouting
    /// The configured body size limit, which a streamed upload is held to as it passes.
    let maximumBodyBytes: Int

    func forward(_ exchange: inout InferenceExchange) async throws(GatewayError) -> UpstreamForwarder.Attempt {
        let route = exchange.resolvedRoute()
        let body: UpstreamRequest.Body
        if route.method == .get || route.method == .delete {
            body = .none
        } else if let upload = exchange.upload {
            body = .stream(
                upload.body(start: exchange.body, maximumBytes: maximumBodyBytes), length: upload.upstreamLength(start: exchange.body))
        } else {
            body = .bytes(exchange.body)
        }
        let request = UpstreamRequest(method: route.method, path: route.upstreamPath, headers: exchange.request.headers, body: body)
        let attempt = try await routing.forward(request, candidates: exchange.candidates)
        exchange.record.upstream = attempt.upstream.name
        return attempt
    }
}
