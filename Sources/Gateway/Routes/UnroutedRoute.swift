import Hummingbird
import AccessPolicy
import HTTPTypes

/// What no route answers: Azure OpenAI's own 404 body (`{"error":{"code":"404","message":"Resource not found"}}`),
/// counted and audited as operation `unrouted` with decision `404`. Added to the router last, so it wraps only the
/// router's not-found answer.
struct UnroutedRoute: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let recorder: RequestRecorder
    let trustedProxies: [IPNetwork]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clientIP = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: HTTPField.Name("x-forwarded-for")!],
            trustedProxies: trustedProxies)
        var record = ExchangeRecord(requestID: context.id, operation: .chat, clientIP: clientIP, started: .now)
        record.callName = "unrouted"
        let error = GatewayError(.notFound, code: .resourceNotFound, "Resource not found")
        let response = error.response()
        await recorder.record(record, status: 404, outcome: .refused(error.code), relayed: nil, logger: context.logger)
        return response
    }
}
