import Hummingbird
import HTTPTypes

/// Every answer of the API listener carries the request's id (Hummingbird's, the same as its log lines' `hb.request.id`
/// and its audit record's `requestId`) as `x-request-id` and, for Azure clients, `apim-request-id`: refusals and
/// streams included. A client's own `x-request-id` is not taken over: the id joins the log and the audit, so the
/// gateway alone issues it.
struct RequestIDHeaders<Context: RequestContext>: RouterMiddleware {
    static var requestID: HTTPField.Name { HTTPField.Name("x-request-id")! }
    static var apimRequestID: HTTPField.Name { HTTPField.Name("apim-request-id")! }

    /// Sets both headers to `id`; also for the realtime upgrade's 101, which no router middleware sees.
    static func apply(_ id: String, to headers: inout HTTPFields) {
        headers[requestID] = id
        headers[apimRequestID] = id
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        Self.apply(context.id, to: &response.headers)
        return response
    }
}
